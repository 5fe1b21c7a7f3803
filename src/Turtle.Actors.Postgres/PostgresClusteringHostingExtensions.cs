using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Turtle.Actors.Configuration;
using Turtle.Actors.Postgres.Directory;
using Turtle.Actors.Postgres.Membership;
using Turtle.Actors.Runtime.Directory;
using Turtle.Actors.Runtime.Membership;

namespace Turtle.Actors.Hosting;

/// <summary>
/// Makes a silo a member of a cluster coordinated through PostgreSQL:
/// <c>silo.UsePostgresClustering(o => o.ConnectionString = "…")</c>. Registers the grain directory and the membership
/// table (<see cref="IMembershipTable"/>) in PostgreSQL, the cluster transport and the membership protocol.
/// </summary>
public static class PostgresClusteringHostingExtensions
{
    public static ISiloBuilder UsePostgresClustering(this ISiloBuilder builder, Action<PostgresClusteringOptions>? configure = null)
    {
        var services = builder.Services;
        var options = services.AddOptions<PostgresClusteringOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresClusteringOptions>, PostgresClusteringOptionsValidator>());
        services.TryAddKeyedSingleton(nameof(PostgresClusteringOptions), (sp, _) =>
            NpgsqlDataSource.Create(sp.GetRequiredService<IOptions<PostgresClusteringOptions>>().Value.ConnectionString!));
        services.AddSingleton(sp => new PostgresGrainDirectory(
            sp.GetRequiredKeyedService<NpgsqlDataSource>(nameof(PostgresClusteringOptions)),
            sp.GetRequiredService<IOptions<SiloOptions>>().Value.ClusterId,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Turtle.Actors.Postgres.Directory")));
        services.AddSingleton<IGrainDirectory>(sp => sp.GetRequiredService<PostgresGrainDirectory>());
        services.AddSingleton<IHostedService>(sp => new StartupInitializer(sp.GetRequiredService<PostgresGrainDirectory>().InitializeAsync));
        // The membership table; the membership service initializes it (migrating the schema) when it joins.
        services.TryAddSingleton(sp => new PostgresMembershipTable(
            sp.GetRequiredKeyedService<NpgsqlDataSource>(nameof(PostgresClusteringOptions)),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Turtle.Actors.Postgres.Membership")));
        services.TryAddSingleton<IMembershipTable>(sp => sp.GetRequiredService<PostgresMembershipTable>());
        // Transport first: a silo must listen before it tells the cluster it is active, and until it has left.
        builder.UseClusterTransport();
        builder.UseClusterMembership(sp => sp.GetRequiredService<IMembershipTable>());
        return builder;
    }
}
