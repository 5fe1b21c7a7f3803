using Turtle.Actors.Runtime.Storage;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Turtle.Actors.Sqlite.Migrations;

/// <summary>
/// Brings a SQLite file's schema up to date: applies, in order, every migration newer than the highest version
/// recorded in <c>schema_version</c>, all in one transaction. Running it again is a no-op.
/// </summary>
internal sealed class SqliteMigrationRunner(IReadOnlyList<SchemaMigration> migrations, ILogger logger)
{
    /// <summary>The migrations this provider ships (embedded <c>Migrations/NNNN_*.sql</c>).</summary>
    public static IReadOnlyList<SchemaMigration> GrainStorageMigrations { get; } =
        SchemaMigration.LoadEmbedded(typeof(SqliteMigrationRunner).Assembly, "Turtle.Actors.Sqlite.Migrations.");

    /// <summary>Applies pending migrations; returns the schema version afterwards.</summary>
    public async Task<int> RunAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        // BEGIN IMMEDIATE takes the write lock before we read the version: a second silo starting at the same
        // moment waits here (busy timeout) and then finds the migrations applied, instead of applying them twice.
        await ExecuteAsync(connection, "BEGIN IMMEDIATE;", cancellationToken);
        try
        {
            await ExecuteAsync(connection,
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);",
                cancellationToken);
            var current = await CurrentVersionAsync(connection, cancellationToken);
            foreach (var migration in migrations.Where(m => m.Version > current))
            {
                logger.LogInformation("Applying SQLite schema migration {Version} ({Name}) to {DataSource}", migration.Version, migration.Name, connection.DataSource);
                await ExecuteAsync(connection, migration.Sql, cancellationToken);
                await using var record = connection.CreateCommand();
                record.CommandText = "INSERT INTO schema_version (version, name, applied_at) VALUES ($version, $name, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));";
                record.Parameters.AddWithValue("$version", migration.Version);
                record.Parameters.AddWithValue("$name", migration.Name);
                await record.ExecuteNonQueryAsync(cancellationToken);
                current = migration.Version;
            }

            await ExecuteAsync(connection, "COMMIT;", cancellationToken);
            if (current > migrations.Count)
            {
                logger.LogWarning("SQLite schema of {DataSource} is at version {Version}, newer than this silo knows ({Known}); a newer silo migrated it", connection.DataSource, current, migrations.Count);
            }

            return current;
        }
        catch
        {
            // Leave the pooled connection clean; the migrations applied so far roll back with it.
            await TryRollbackAsync(connection);
            throw;
        }
    }

    private static async Task TryRollbackAsync(SqliteConnection connection)
    {
        try
        {
            await ExecuteAsync(connection, "ROLLBACK;", CancellationToken.None);
        }
        catch (SqliteException)
        {
            // SQLite already rolled back (some errors end the transaction themselves); nothing is left open.
        }
    }

    private static async Task<int> CurrentVersionAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version;";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
