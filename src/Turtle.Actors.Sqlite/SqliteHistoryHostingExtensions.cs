using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Turtle.Actors.Configuration;
using Turtle.Actors.Sqlite.History;

namespace Turtle.Actors.Hosting;

/// <summary>Registers the SQLite history store in a silo: <c>silo.AddSqliteHistory(o => o.DataDirectory = "/var/lib/turtle")</c>.</summary>
public static class SqliteHistoryHostingExtensions
{
    /// <summary>The named <see cref="SqliteStorageOptions"/> instance the history store's file settings live under.</summary>
    public const string OptionsName = "History";

    /// <summary>The history file's default name: its own file, so history writes never hold grain state's write lock.</summary>
    public const string DefaultFileName = "history.db";

    /// <summary>Adds the SQLite history store (<c>history.db</c> in the data directory), migrated at start-up and maintained every <c>Turtle:History:MaintenancePeriod</c>.</summary>
    public static ISiloBuilder AddSqliteHistory(this ISiloBuilder builder, Action<SqliteStorageOptions>? configure = null, Action<HistoryOptions>? configureHistory = null)
    {
        var file = builder.Services.AddOptions<SqliteStorageOptions>(OptionsName).Configure(o => o.FileName = DefaultFileName);
        if (configure is not null)
        {
            file.Configure(configure);
        }

        file.ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStorageOptions>, SqliteStorageOptionsValidator>());
        return builder.AddHistoryStore(
            sp => new SqliteHistoryStore(
                sp.GetRequiredService<IOptionsMonitor<SqliteStorageOptions>>().Get(OptionsName),
                sp.GetRequiredService<IOptions<HistoryOptions>>().Value,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<SqliteHistoryStore>>()),
            (store, ct) => store.InitializeAsync(ct),
            configureHistory);
    }
}
