using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Turtle.Actors.Client;
using Turtle.Actors.Configuration;

namespace Turtle.Actors.Hosting;

/// <summary>Registers a cluster client in a host; it connects when the host starts: <c>services.AddTurtleClient()</c>.</summary>
public static class ClientHostingExtensions
{
    public static IServiceCollection AddTurtleClient(this IServiceCollection services, Action<ClusterClientOptions>? configure = null)
    {
        var options = services.AddOptions<ClusterClientOptions>().BindConfiguration(ClusterClientOptions.SectionName).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterClientOptions>, ClusterClientOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new ClusterClient(
            sp.GetRequiredService<IOptions<ClusterClientOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<Microsoft.Extensions.Logging.ILoggerFactory>()));
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<ClusterClient>());
        services.AddHostedService<ClusterClientHostedService>();
        return services;
    }
}

internal sealed class ClusterClientHostedService(ClusterClient client) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => client.ConnectAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken) => await client.DisposeAsync().ConfigureAwait(false);
}
