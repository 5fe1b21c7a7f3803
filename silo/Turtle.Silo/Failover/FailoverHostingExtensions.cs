using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Turtle.Actors.Configuration;
using Turtle.Actors.Hosting;
using Turtle.Actors.Runtime.Placement;
using Turtle.Actors.Storage;
using Turtle.Twin.Failover;

namespace Turtle.Silo.Failover;

/// <summary>
/// Three-DC failover in this silo (<c>Turtle:Failover</c>): its authority (write lease, epoch, failover status),
/// the write gate and epoch its grain storage uses, failover-aware placement, and the agent that reports, ticks the
/// judge and follows it. Without <c>Turtle:Failover:Enabled</c> only the read side is there: the API answers with
/// the normal status, and an observer silo still refuses writes.
/// </summary>
public static class FailoverHostingExtensions
{
    public static ISiloBuilder AddFailover(this ISiloBuilder silo, IConfiguration configuration)
    {
        var services = silo.Services;
        services.AddOptions<FailoverOptions>().Bind(configuration.GetSection(FailoverOptions.SectionName));
        services.AddSingleton<FailoverClock>();
        services.AddSingleton<DcSightings>();
        services.AddSingleton(sp =>
        {
            var cluster = sp.GetRequiredService<IOptions<ClusterOptions>>().Value;
            var observer = !string.Equals(cluster.Role, ActiveRolePlacementFilter.ActiveRole, StringComparison.OrdinalIgnoreCase);
            return new SiloAuthority(sp.GetRequiredService<IOptions<FailoverOptions>>().Value, cluster.Dc, observer);
        });
        services.AddSingleton<IVantageBoard>(sp => new StoreVantageBoard(
            sp.GetRequiredKeyedService<IGrainStorage>("Default"), sp.GetRequiredService<IOptions<FailoverOptions>>()));
        services.Replace(ServiceDescriptor.Singleton<IStorageEpoch, AuthorityEpoch>());
        services.AddSingleton(sp => sp.GetRequiredKeyedService<IStorageFence>("Default"));
        services.AddSingleton<IGrainWriteGate, AuthorityWriteGate>();
        services.AddSingleton<ActiveGateways>();
        services.AddSingleton<WriteRefusal>();

        // Placement follows the failover status instead of the role alone; in the built-in filter's place, so the
        // DC-affinity filter after it still narrows what this one allows.
        var builtIn = services.FirstOrDefault(d => d.ServiceType == typeof(IPlacementFilter) && d.ImplementationType == typeof(ActiveRolePlacementFilter));
        if (builtIn is not null)
        {
            services[services.IndexOf(builtIn)] = ServiceDescriptor.Singleton<IPlacementFilter, FailoverPlacementFilter>();
        }

        if (configuration.GetValue<bool>($"{FailoverOptions.SectionName}:Enabled"))
        {
            services.AddHostedService<FailoverAgent>();
        }

        return silo;
    }
}
