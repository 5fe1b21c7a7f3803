using Turtle.Actors.Runtime.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Turtle.Actors.Postgres.Migrations;

/// <summary>
/// Brings one component's tables (grain storage, later membership, reminders…) up to date: applies, in order and in
/// one transaction, every migration newer than the highest version recorded for the component in
/// <c>turtle_schema_version</c>. Running it again is a no-op; silos starting together take turns.
/// </summary>
internal sealed class PostgresMigrationRunner
{
    // One advisory lock for every component: it also serializes the CREATE TABLE IF NOT EXISTS below, which two
    // concurrent transactions can otherwise both attempt (and one fail on a duplicate catalog entry).
    private const long SchemaLockKey = 0x5475_7274_6C65_0001; // "Turtle" + 1

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _component;
    private readonly IReadOnlyList<SchemaMigration> _migrations;
    private readonly ILogger _logger;

    public PostgresMigrationRunner(NpgsqlDataSource dataSource, string component, IReadOnlyList<SchemaMigration> migrations, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(component);
        _dataSource = dataSource;
        _component = component;
        _migrations = migrations;
        _logger = logger;
    }

    /// <summary>The grain storage tables' migrations (embedded <c>Migrations/GrainStorage/NNNN_*.sql</c>).</summary>
    public static IReadOnlyList<SchemaMigration> GrainStorageMigrations { get; } =
        SchemaMigration.LoadEmbedded(typeof(PostgresMigrationRunner).Assembly, "Turtle.Actors.Postgres.Migrations.GrainStorage.");

    /// <summary>The component's name in <c>turtle_schema_version</c>.</summary>
    public string Component => _component;

    /// <summary>Applies pending migrations; returns the component's schema version afterwards.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Held until commit or rollback: a second silo waits here, then reads the versions the first one recorded.
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({SchemaLockKey});", cancellationToken);
        await ExecuteAsync(connection, transaction, """
            CREATE TABLE IF NOT EXISTS turtle_schema_version (
                component  text        NOT NULL,
                version    integer     NOT NULL,
                name       text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (component, version)
            );
            """, cancellationToken);

        var current = await CurrentVersionAsync(connection, transaction, cancellationToken);
        foreach (var migration in _migrations.Where(m => m.Version > current))
        {
            _logger.LogInformation("Applying PostgreSQL schema migration {Component} {Version} ({Name})", _component, migration.Version, migration.Name);
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
            await using var record = new NpgsqlCommand("INSERT INTO turtle_schema_version (component, version, name) VALUES (@component, @version, @name);", connection, transaction);
            record.Parameters.AddWithValue("component", _component);
            record.Parameters.AddWithValue("version", migration.Version);
            record.Parameters.AddWithValue("name", migration.Name);
            await record.ExecuteNonQueryAsync(cancellationToken);
            current = migration.Version;
        }

        await transaction.CommitAsync(cancellationToken);
        if (current > _migrations.Count)
        {
            _logger.LogWarning("PostgreSQL schema of {Component} is at version {Version}, newer than this silo knows ({Known}); a newer silo migrated it", _component, current, _migrations.Count);
        }

        return current;
    }

    private async Task<int> CurrentVersionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM turtle_schema_version WHERE component = @component;", connection, transaction);
        command.Parameters.AddWithValue("component", _component);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
