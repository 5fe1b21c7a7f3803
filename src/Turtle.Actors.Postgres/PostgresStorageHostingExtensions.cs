using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Turtle.Actors.Configuration;
using Turtle.Actors.Postgres;
using Turtle.Actors.Storage;

namespace Turtle.Actors.Hosting;

/// <summary>Registers PostgreSQL grain storage in a silo: <c>silo.AddPostgresGrainStorageAsDefault(o => o.ConnectionString = "…")</c>.</summary>
public static class PostgresStorageHostingExtensions
{
    /// <summary>The provider name <c>[PersistentState]</c> uses when it names none.</summary>
    private const string DefaultProviderName = "Default";

    /// <summary>Adds a PostgreSQL provider under <paramref name="name"/> (as <see cref="IGrainStorage"/> and <see cref="IStorageFence"/>); its options are named options with that name, validated at start-up.</summary>
    public static ISiloBuilder AddPostgresGrainStorage(this ISiloBuilder builder, string name, Action<PostgresStorageOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var services = builder.Services;
        var options = services.AddOptions<PostgresStorageOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresStorageOptions>, PostgresStorageOptionsValidator>());
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => new PostgresGrainStorage(
            sp.GetRequiredService<IOptionsMonitor<PostgresStorageOptions>>().Get(name),
            sp.GetRequiredService<IStorageEpoch>(),
            sp.GetRequiredService<ILogger<PostgresGrainStorage>>()));
        // The same instance as its cluster fence, under the same name: the failover side raises it before writing.
        services.AddKeyedSingleton<IStorageFence>(name, (sp, _) => (IStorageFence)sp.GetRequiredKeyedService<IGrainStorage>(name));
        // AddSingleton, not AddHostedService: the latter de-duplicates by type, which would keep only one provider's initializer.
        services.AddSingleton<IHostedService>(sp => new StartupInitializer(((PostgresGrainStorage)sp.GetRequiredKeyedService<IGrainStorage>(name)).InitializeAsync));
        return builder;
    }

    /// <summary>Keeps the cluster's durable reminders in PostgreSQL.</summary>
    public static ISiloBuilder UsePostgresReminders(this ISiloBuilder builder, string connectionString) =>
        builder.UseReminders(sp => new Turtle.Actors.Postgres.Reminders.PostgresReminderTable(
            NpgsqlDataSource.Create(connectionString),
            sp.GetRequiredService<IOptions<SiloOptions>>().Value.ClusterId,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Turtle.Actors.Postgres.Reminders")));

    /// <summary>Adds a PostgreSQL provider as the silo's default storage (the one <c>[PersistentState("x")]</c> uses).</summary>
    public static ISiloBuilder AddPostgresGrainStorageAsDefault(this ISiloBuilder builder, Action<PostgresStorageOptions>? configure = null) =>
        builder.AddPostgresGrainStorage(DefaultProviderName, configure);
}
