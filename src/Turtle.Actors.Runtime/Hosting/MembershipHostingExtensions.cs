using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Turtle.Actors.Configuration;
using Turtle.Actors.Runtime;
using Turtle.Actors.Runtime.Membership;
using Turtle.Actors.Storage;

namespace Turtle.Actors.Hosting;

/// <summary>
/// Runs the membership protocol over a membership table (in memory for one process, PostgreSQL across machines).
/// Call after <see cref="ClusterHostingExtensions.UseClusterTransport"/>: the transport must listen before this silo
/// tells others it is active, and must stay up until it has left.
/// </summary>
public static class MembershipHostingExtensions
{
    public static ISiloBuilder UseClusterMembership(this ISiloBuilder builder, Func<IServiceProvider, IMembershipTable> table)
    {
        var services = builder.Services;
        services.AddOptions<ClusterMembershipOptions>().BindConfiguration(ClusterMembershipOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterMembershipOptions>, ClusterMembershipOptionsValidator>());
        services.TryAddSingleton<ISiloTerminator>(sp => new ProcessSiloTerminator(sp.GetRequiredService<ILogger<ProcessSiloTerminator>>()));
        services.AddSingleton(sp =>
        {
            var local = sp.GetRequiredService<LocalSiloAddress>();
            var cluster = sp.GetRequiredService<IOptions<ClusterOptions>>().Value;
            var silo = sp.GetRequiredService<IOptions<SiloOptions>>().Value;
            var template = new MembershipEntry
            {
                Address = local.Address,
                SiloName = silo.SiloName,
                Dc = cluster.Dc,
                Role = cluster.Role,
                GatewayPort = local.GatewayPort,
                Status = SiloMembershipStatus.Joining,
                StartTime = default,
                IAmAliveTime = default,
            };
            return new MembershipService(silo.ClusterId, template, table(sp), sp.GetRequiredService<ISiloProber>(),
                sp.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value, sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<ISiloTerminator>());
        });
        services.AddSingleton<IClusterMembership>(sp => sp.GetRequiredService<MembershipService>());
        // A member writes only while it holds its membership lease: the cluster may have declared it dead otherwise.
        services.AddSingleton<IGrainWriteGate>(sp => new MembershipLeaseWriteGate(sp.GetRequiredService<IClusterMembership>()));
        services.AddSingleton<ISiloLifecycleParticipant>(sp => new MembershipLifecycle(sp.GetRequiredService<MembershipService>()));
        return builder;
    }
}

/// <summary>Joins as the silo starts, turns Active with it, announces the shutdown before grains deactivate, leaves last.</summary>
internal sealed class MembershipLifecycle(MembershipService membership) : ISiloLifecycleParticipant
{
    public Task OnStartAsync(CancellationToken cancellationToken) => membership.StartAsync(cancellationToken);

    public Task OnActiveAsync(CancellationToken cancellationToken) => membership.BecomeActiveAsync(cancellationToken);

    public Task OnShuttingDownAsync(CancellationToken cancellationToken) => membership.BeginShutdownAsync(cancellationToken);

    public Task OnStoppedAsync(CancellationToken cancellationToken) => membership.StopAsync(cancellationToken);
}
