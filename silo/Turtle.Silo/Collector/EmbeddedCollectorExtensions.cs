using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Turtle.Silo.Collector;

/// <summary>Registers the collector the silo runs in-process for its own machine.</summary>
public static class EmbeddedCollectorExtensions
{
    /// <summary>The embedded collector, its options bound from <c>Turtle:Collector</c> and its links checked at start-up.</summary>
    public static IServiceCollection AddEmbeddedCollector(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmbeddedCollectorOptions>().Bind(configuration.GetSection(EmbeddedCollectorOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmbeddedCollectorOptions>, EmbeddedCollectorOptionsValidator>());
        services.AddHostedService<EmbeddedCollector>();
        return services;
    }
}
