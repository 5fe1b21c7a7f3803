using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Turtle.Actors.Configuration;
using Turtle.Actors.Manifest;
using Turtle.Actors.Messaging;
using Turtle.Actors.Networking;
using Turtle.Actors.Runtime;
using Turtle.Actors.Runtime.Catalog;
using Turtle.Actors.Runtime.Directory;
using Turtle.Actors.Runtime.Membership;
using Turtle.Actors.Runtime.Messaging;
using Turtle.Actors.Runtime.Placement;

namespace Turtle.Actors.Hosting;

/// <summary>
/// Turns a silo into a cluster member: TCP transport on the silo port, routing of calls to the silo that hosts each
/// grain, and probes for the membership protocol. A membership provider (<see cref="IClusterMembership"/>) and a
/// grain directory shared by the cluster must be registered too.
/// </summary>
public static class ClusterHostingExtensions
{
    public static ISiloBuilder UseClusterTransport(this ISiloBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ConnectionOptions>().BindConfiguration(ConnectionOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConnectionOptions>, ConnectionOptionsValidator>());
        services.AddSingleton(sp => new ConnectionEstablisher(
            new Handshake(sp.GetRequiredService<IOptions<SiloOptions>>().Value.ClusterId, sp.GetRequiredService<LocalSiloAddress>().Address),
            sp.GetRequiredService<IOptions<ConnectionOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetService<ITransportFaults>()));
        services.AddSingleton(sp => new SiloConnections(
            sp.GetRequiredService<ConnectionEstablisher>(),
            sp.GetRequiredService<GrainTypeManifest>(),
            () => sp.GetRequiredService<ActivationServices>().Dispatcher,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Turtle.Actors.Networking")));
        services.AddSingleton<ISiloProber>(sp => sp.GetRequiredService<SiloConnections>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPlacementFilter, ActiveRolePlacementFilter>());
        services.AddSingleton(sp => new ClusterRouting(
            sp.GetRequiredService<ActivationCatalog>(),
            sp.GetRequiredService<IGrainDirectory>(),
            sp.GetRequiredService<IClusterMembership>(),
            sp.GetRequiredService<IPlacementDirector>(),
            sp.GetServices<IPlacementFilter>(),
            sp.GetRequiredService<SiloConnections>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IPlacementCheck>(sp => sp.GetRequiredService<ClusterRouting>());
        services.AddSingleton<ISiloLifecycleParticipant>(sp => new ClusterTransportLifecycle(
            sp.GetRequiredService<LocalSiloAddress>(),
            sp.GetRequiredService<SiloConnections>(),
            sp.GetRequiredService<ClusterRouting>(),
            sp.GetRequiredService<ActivationServices>(),
            sp.GetRequiredService<IClusterMembership>(),
            sp.GetRequiredService<IOptions<MessagingOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ISiloLifecycleParticipant>(sp => new DuplicateActivationCollector(
            sp.GetRequiredService<ActivationCatalog>(),
            sp.GetRequiredService<IGrainDirectory>(),
            sp.GetRequiredService<IClusterMembership>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Turtle.Actors.Directory")));
        return builder;
    }

    /// <summary>Adds a placement filter (after the built-in one that keeps grains on active silos).</summary>
    public static ISiloBuilder AddPlacementFilter(this ISiloBuilder builder, IPlacementFilter filter)
    {
        builder.Services.AddSingleton(filter);
        return builder;
    }
}

/// <summary>Listens before the silo goes active, routes calls once it is, reacts to deaths, and closes connections last.</summary>
internal sealed class ClusterTransportLifecycle(
    LocalSiloAddress local,
    SiloConnections connections,
    ClusterRouting routing,
    ActivationServices services,
    IClusterMembership membership,
    MessagingOptions messaging,
    TimeProvider time) : ISiloLifecycleParticipant
{
    private ITimer? _healthTimer;
    private readonly HashSet<SiloAddress> _knownDead = [];

    public Task OnStartAsync(CancellationToken cancellationToken)
    {
        var address = System.Net.IPAddress.Parse(local.Address.Host);
        connections.Listen(new System.Net.IPEndPoint(address, local.Address.Port));
        if (local.GatewayPort > 0)
        {
            services.Catalog.AddSystemTarget(ClusterManifestProvider.Id, new Turtle.Actors.Runtime.Gateway.ClusterManifestService(membership, services.Manifest));
            connections.ListenGateway(new System.Net.IPEndPoint(address, local.GatewayPort));
        }

        services.Dispatcher.Cluster = routing;
        _healthTimer = time.CreateTimer(_ => connections.CheckHealth(), null, messaging.ResponseTimeoutCheckPeriod, messaging.ResponseTimeoutCheckPeriod);
        membership.Changed += OnMembershipChanged;
        return Task.CompletedTask;
    }

    private void OnMembershipChanged(MembershipSnapshot snapshot)
    {
        foreach (var (entry, _) in snapshot.Entries)
        {
            bool newlyDead;
            lock (_knownDead)
            {
                newlyDead = entry.Status == SiloMembershipStatus.Dead && _knownDead.Add(entry.Address);
            }

            if (newlyDead)
            {
                // Calls waiting on a dead silo fail now rather than at their deadline; its grains re-place on the
                // next call once its membership lease has surely run out (until then it may still be writing).
                connections.Disconnect(entry.Address);
                _ = ForgetWhenTakenOverAsync(entry.Address);
            }
        }
    }

    private async Task ForgetWhenTakenOverAsync(SiloAddress dead)
    {
        try
        {
            await Task.Delay(membership.TakeoverDelay(dead), time).ConfigureAwait(false);
            await services.Directory.RemoveSiloAsync(dead).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Each entry left behind is replaced by the next activation of its grain (TakeoverGrainDirectory).
            services.Logger.LogWarning(exception, "Removing the grain directory entries of dead silo {Silo} failed", dead);
        }
    }

    public async Task OnStoppedAsync(CancellationToken cancellationToken)
    {
        membership.Changed -= OnMembershipChanged;
        _healthTimer?.Dispose();
        await connections.DisposeAsync().ConfigureAwait(false);
    }
}
