using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Turtle.Actors.Configuration;
using Turtle.Actors.Sqlite;
using Turtle.Actors.Storage;

namespace Turtle.Actors.Hosting;

/// <summary>Registers SQLite grain storage in a silo: <c>silo.AddSqliteGrainStorageAsDefault(o => o.DataDirectory = "/var/lib/turtle")</c>.</summary>
public static class SqliteStorageHostingExtensions
{
    /// <summary>The provider name <c>[PersistentState]</c> uses when it names none.</summary>
    private const string DefaultProviderName = "Default";

    /// <summary>Adds a SQLite provider under <paramref name="name"/> (as <see cref="IGrainStorage"/> and <see cref="IStorageFence"/>); its options are named options with that name, validated at start-up.</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<SqliteStorageOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var services = builder.Services;
        var options = services.AddOptions<SqliteStorageOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStorageOptions>, SqliteStorageOptionsValidator>());
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => new SqliteGrainStorage(
            sp.GetRequiredService<IOptionsMonitor<SqliteStorageOptions>>().Get(name),
            sp.GetRequiredService<IStorageEpoch>(),
            sp.GetRequiredService<ILogger<SqliteGrainStorage>>()));
        // The same instance as its cluster fence, under the same name: the failover side raises it before writing.
        services.AddKeyedSingleton<IStorageFence>(name, (sp, _) => (IStorageFence)sp.GetRequiredKeyedService<IGrainStorage>(name));
        // AddSingleton, not AddHostedService: the latter de-duplicates by type, which would keep only one provider's initializer.
        services.AddSingleton<IHostedService>(sp => new StartupInitializer(((SqliteGrainStorage)sp.GetRequiredKeyedService<IGrainStorage>(name)).InitializeAsync));
        return builder;
    }

    /// <summary>Keeps durable reminders in the SQLite file (the grain state's file unless configured otherwise).</summary>
    public static ISiloBuilder UseSqliteReminders(this ISiloBuilder builder, Action<SqliteStorageOptions>? configure = null)
    {
        var options = new SqliteStorageOptions();
        configure?.Invoke(options);
        return builder.UseReminders(sp => new Turtle.Actors.Sqlite.Reminders.SqliteReminderTable(
            new SqliteDatabase(options, sp.GetRequiredService<ILogger<SqliteDatabase>>())));
    }

    /// <summary>Adds a SQLite provider as the silo's default storage (the one <c>[PersistentState("x")]</c> uses).</summary>
    public static ISiloBuilder AddSqliteGrainStorageAsDefault(this ISiloBuilder builder, Action<SqliteStorageOptions>? configure = null) =>
        builder.AddSqliteGrainStorage(DefaultProviderName, configure);
}
