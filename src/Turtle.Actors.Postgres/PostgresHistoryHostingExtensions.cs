using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Turtle.Actors.Configuration;
using Turtle.Actors.Postgres.History;

namespace Turtle.Actors.Hosting;

/// <summary>Registers the PostgreSQL history store in a silo: <c>silo.AddPostgresHistory(o => o.ConnectionString = "…")</c>.</summary>
public static class PostgresHistoryHostingExtensions
{
    /// <summary>The named <see cref="PostgresStorageOptions"/> instance the history store's connection lives under.</summary>
    public const string OptionsName = "History";

    /// <summary>Adds the PostgreSQL history store, migrated at start-up (component <c>history</c>) and maintained every <c>Turtle:History:MaintenancePeriod</c>.</summary>
    public static ISiloBuilder AddPostgresHistory(this ISiloBuilder builder, Action<PostgresStorageOptions> configure, Action<HistoryOptions>? configureHistory = null)
    {
        builder.Services.AddOptions<PostgresStorageOptions>(OptionsName).Configure(configure).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresStorageOptions>, PostgresStorageOptionsValidator>());
        return builder.AddHistoryStore(
            sp => new PostgresHistoryStore(
                sp.GetRequiredService<IOptionsMonitor<PostgresStorageOptions>>().Get(OptionsName),
                sp.GetRequiredService<IOptions<HistoryOptions>>().Value,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<PostgresHistoryStore>>()),
            (store, ct) => store.InitializeAsync(ct),
            configureHistory);
    }
}
