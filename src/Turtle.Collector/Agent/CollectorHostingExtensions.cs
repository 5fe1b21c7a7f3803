using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Turtle.Collector.Citizen;
using Turtle.Collector.Configuration;

namespace Turtle.Collector.Agent;

/// <summary>Registers the collector executable's parts with a generic host.</summary>
public static class CollectorHostingExtensions
{
    /// <summary>The collector service, its options bound from the section <c>Collector</c> (unknown names refused) and validated at start.</summary>
    public static IServiceCollection AddTurtleCollector(this IServiceCollection services)
    {
        services.AddOptions<CollectorOptions>()
            .BindConfiguration(CollectorOptions.SectionName, binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<CollectorOptions>, CollectorOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CostMeter>();
        services.AddHostedService<CollectorService>();
        return services;
    }

    /// <summary>One line per message on standard output (journald adds its own time stamps under systemd).</summary>
    public static ILoggingBuilder AddCollectorConsole(this ILoggingBuilder logging, bool verbose) => logging
        .AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "yyyy-MM-dd HH:mm:ss ";
        })
        .SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information);
}
