using Turtle.Actors.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Turtle.Actors.Configuration;
using Turtle.Actors.Runtime;
using Turtle.Actors.Runtime.Catalog;
using Turtle.Actors.Runtime.Directory;
using Turtle.Actors.Runtime.Membership;
using Turtle.Actors.Manifest;
using Turtle.Actors.Runtime.Messaging;
using Turtle.Actors.Runtime.Placement;
using Turtle.Actors.Runtime.Storage;
using Turtle.Actors.Storage;

namespace Turtle.Actors.Hosting;

/// <summary>Registers a silo in a host: <c>builder.Services.AddTurtleSilo(silo => silo.AddMemoryGrainStorageAsDefault())</c>.</summary>
public static class SiloHostingExtensions
{
    public static IServiceCollection AddTurtleSilo(this IServiceCollection services, Action<ISiloBuilder>? configure = null)
    {
        var assemblies = new GrainAssemblies();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IStorageEpoch>(FixedStorageEpoch.Zero);

        services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.SectionName).ValidateOnStart();
        services.AddOptions<GrainCollectionOptions>().BindConfiguration(GrainCollectionOptions.SectionName).ValidateOnStart();
        services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.SectionName).ValidateOnStart();
        services.AddOptions<ClusterOptions>().BindConfiguration(ClusterOptions.SectionName);
        services.AddSingleton(sp => LocalSiloAddress.Create(sp.GetRequiredService<IOptions<ClusterOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SiloOptions>, SiloOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GrainCollectionOptions>, GrainCollectionOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MessagingOptions>, MessagingOptionsValidator>());

        services.AddSingleton(sp =>
        {
            var manifest = new GrainTypeManifest();
            foreach (var assembly in assemblies.Discover())
            {
                manifest.AddAssembly(assembly);
            }

            return manifest;
        });
        services.TryAddSingleton<IGrainDirectory, LocalGrainDirectory>();
        services.TryAddSingleton<IPlacementDirector, RendezvousPlacementDirector>();
        services.AddSingleton(sp => new GrainStorageResolver(sp));
        services.AddSingleton(CreateActivationServices);
        services.AddSingleton(sp => sp.GetRequiredService<ActivationServices>().Catalog);
        services.AddSingleton(sp => sp.GetRequiredService<ActivationServices>().CallStatistics);
        services.AddSingleton(sp => sp.GetRequiredService<ActivationServices>().Telemetry);
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<ActivationServices>().GrainFactory);
        services.AddSingleton(sp => new ActivationMaintenance(
            sp.GetRequiredService<ActivationCatalog>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<GrainCollectionOptions>>().Value, sp.GetRequiredService<IOptions<MessagingOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Turtle.Actors.Maintenance")));
        services.AddSingleton(sp => new Silo(
            sp.GetRequiredService<ActivationCatalog>(), sp.GetRequiredService<ActivationMaintenance>(), sp.GetRequiredService<IGrainFactory>(),
            sp.GetRequiredService<IOptions<SiloOptions>>(), sp.GetServices<ISiloLifecycleParticipant>(), sp.GetRequiredService<ILogger<Silo>>()));
        services.AddHostedService<SiloHostedService>();

        configure?.Invoke(new SiloBuilder(services, assemblies));

        // Alone unless a clustering provider registered a membership.
        if (!services.Any(d => d.ServiceType == typeof(IClusterMembership)))
        {
            services.AddSingleton(sp =>
            {
                var cluster = sp.GetRequiredService<IOptions<ClusterOptions>>().Value;
                return new StandaloneMembership(sp.GetRequiredService<LocalSiloAddress>(), sp.GetRequiredService<IOptions<SiloOptions>>().Value.SiloName,
                    cluster.Dc, cluster.Role, sp.GetRequiredService<TimeProvider>());
            });
            services.AddSingleton<IClusterMembership>(sp => sp.GetRequiredService<StandaloneMembership>());
            services.AddSingleton<ISiloLifecycleParticipant>(sp => sp.GetRequiredService<StandaloneMembership>());
        }

        return services;
    }

    /// <summary>Adds memory storage under <paramref name="name"/>, as <see cref="IGrainStorage"/> and (the same instance) <see cref="IStorageFence"/>.</summary>
    public static ISiloBuilder AddMemoryGrainStorage(this ISiloBuilder builder, string name)
    {
        builder.Services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => new MemoryGrainStorage(sp.GetRequiredService<IStorageEpoch>()));
        builder.Services.AddKeyedSingleton<IStorageFence>(name, (sp, _) => (IStorageFence)sp.GetRequiredKeyedService<IGrainStorage>(name));
        return builder;
    }

    public static ISiloBuilder AddMemoryGrainStorageAsDefault(this ISiloBuilder builder) =>
        builder.AddMemoryGrainStorage(GrainStorageResolver.DefaultProviderName);

    private static ActivationServices CreateActivationServices(IServiceProvider sp)
    {
        var services = new ActivationServices(
            sp,
            sp.GetRequiredService<GrainTypeManifest>(),
            sp.GetRequiredService<GrainStorageResolver>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<GrainCollectionOptions>>().Value,
            new TakeoverGrainDirectory(sp.GetRequiredService<IGrainDirectory>(), sp.GetRequiredService<IClusterMembership>(), sp.GetRequiredService<TimeProvider>()),
            sp.GetRequiredService<LocalSiloAddress>().Address,
            sp.GetRequiredService<ILoggerFactory>());
        services.Catalog = new ActivationCatalog(services);
        services.Dispatcher = new GrainCallDispatcher(services, sp.GetRequiredService<IOptions<MessagingOptions>>());
        services.GrainFactory = new GrainFactory(services.Manifest, services);
        return services;
    }
}

/// <summary>
/// Starts the silo with the host. Stops it in the host's <em>stopping</em> phase, before any hosted service (the
/// web server among them) stops, so readiness reports 503 and grains deactivate while HTTP still answers.
/// </summary>
internal sealed class SiloHostedService(Silo silo) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => silo.StartAsync(cancellationToken);

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => silo.StopAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => silo.StopAsync(cancellationToken);

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
