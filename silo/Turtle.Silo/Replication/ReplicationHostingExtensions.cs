using System.Text.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Turtle.Actors.Configuration;
using Turtle.Actors.Hosting;
using Turtle.Actors.Runtime.Placement;
using Turtle.Silo.Storage;
using Turtle.Twin.Queries;

namespace Turtle.Silo.Replication;

/// <summary>
/// Read-only replicas of the twins in this silo (<c>Turtle:Replication</c>; on by default at an observer): the
/// replicator following the change feed, the snapshot on disk, and the replicas as the source of every twin query.
/// </summary>
public static class ReplicationHostingExtensions
{
    public static ISiloBuilder AddReplication(this ISiloBuilder silo, IConfiguration configuration)
    {
        var services = silo.Services;
        services.AddOptions<ReplicationOptions>().Bind(configuration.GetSection(ReplicationOptions.SectionName));
        services.AddSingleton<ReplicationLag>();
        var observer = !string.Equals(configuration["Turtle:Role"] ?? ActiveRolePlacementFilter.ActiveRole, ActiveRolePlacementFilter.ActiveRole, StringComparison.OrdinalIgnoreCase);
        if (!(configuration.GetValue<bool?>($"{ReplicationOptions.SectionName}:Enabled") ?? observer))
        {
            return silo;
        }

        services.AddSingleton(sp => new GrainTwinSource(sp.GetRequiredService<IGrainFactory>()));
        services.AddSingleton<ReplicaSet>();
        services.Replace(ServiceDescriptor.Singleton<ITwinSource>(sp => sp.GetRequiredService<ReplicaSet>()));
        var dataDir = SiloStorageOptions.From(configuration).DataDir;
        services.AddSingleton(new ReplicaSnapshotFile(Path.Combine(dataDir, "replicas.json"), new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        services.AddHostedService<TwinReplicator>();
        return silo;
    }

    /// <summary>Whether this silo keeps replicas (and answers queries from them).</summary>
    public static bool KeepsReplicas(this IServiceProvider services) => services.GetService<ReplicaSet>() is not null;
}
