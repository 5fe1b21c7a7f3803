using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Turtle.Actors.Hosting;
using Turtle.Actors.Messaging;
using Turtle.Actors.Runtime;
using Turtle.Actors.Runtime.Membership;
using Turtle.Actors.Runtime.Messaging;

namespace Turtle.Actors.Testing.Cluster;

/// <summary>One silo of a <see cref="TestCluster"/>.</summary>
public sealed class TestClusterSilo(IHost host, IReadOnlyDictionary<string, string?> configuration)
{
    private int _running = 1;

    /// <summary>The settings of its own it was started with (a restart starts it with them again).</summary>
    public IReadOnlyDictionary<string, string?> Configuration => configuration;

    /// <summary>Whether this silo's catalog holds an activation of <paramref name="grainId"/> (in any state but gone).</summary>
    public bool HostsActivation(GrainId grainId) => host.Services.GetRequiredService<Turtle.Actors.Runtime.Catalog.ActivationCatalog>().Contains(grainId);

    public bool IsRunning => Volatile.Read(ref _running) == 1;

    public IServiceProvider Services => host.Services;

    public SiloAddress Address => host.Services.GetRequiredService<LocalSiloAddress>().Address;

    /// <summary>Where clients connect to this silo.</summary>
    public GatewayEndpoint Gateway => new(Address.Host, host.Services.GetRequiredService<LocalSiloAddress>().GatewayPort);

    public Silo Silo => host.Services.GetRequiredService<Silo>();

    public IGrainFactory GrainFactory => Silo.GrainFactory;

    /// <summary>This silo's view of the cluster.</summary>
    public IClusterMembership Membership => host.Services.GetRequiredService<IClusterMembership>();

    internal async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _running, 0) == 1)
        {
            await host.StopAsync().ConfigureAwait(false);
            host.Dispose();
        }
    }

    internal async Task KillAsync()
    {
        if (Interlocked.Exchange(ref _running, 0) == 1)
        {
            // Membership chores, reminders and the transport stop without a word; nothing deactivates. The host is
            // abandoned, as a dead process's memory is; only its self-driven work must stop, since this process lives on.
            host.Services.GetRequiredService<MembershipService>().Dispose();
            if (host.Services.GetService<Turtle.Actors.Runtime.Reminders.ReminderService>() is { } reminders)
            {
                await reminders.OnShuttingDownAsync(CancellationToken.None).ConfigureAwait(false);
            }

            await host.Services.GetRequiredService<SiloConnections>().DisposeAsync().ConfigureAwait(false);
        }
    }

    public override string ToString() => Address.ToString();
}
