using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Turtle.Actors.Configuration;
using Turtle.Actors.Runtime.Storage;
using Turtle.Actors.Sqlite.Migrations;

namespace Turtle.Actors.Sqlite.History;

/// <summary>
/// The history file: created, switched to WAL and migrated once per instance; connections are pooled and wait for
/// the write lock (busy timeout) rather than failing.
/// </summary>
internal sealed class SqliteHistoryDatabase(SqliteStorageOptions options, ILogger logger)
{
    /// <summary>The history migrations (embedded <c>History/Migrations/NNNN_*.sql</c>), versioned in the history file's own <c>schema_version</c>.</summary>
    public static IReadOnlyList<SchemaMigration> Migrations { get; } =
        SchemaMigration.LoadEmbedded(typeof(SqliteHistoryDatabase).Assembly, "Turtle.Actors.Sqlite.HistoryMigrations.");

    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = options.DatabasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
    }.ToString();

    private readonly SemaphoreSlim _initialization = new(1, 1);
    private volatile bool _initialized;

    public string Path => options.DatabasePath;

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        return await OpenConnectionAsync(cancellationToken);
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _initialization.WaitAsync(cancellationToken);
        try
        {
            if (_initialized)
            {
                return;
            }

            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            await using var connection = await OpenConnectionAsync(cancellationToken);
            await using (var wal = connection.CreateCommand())
            {
                wal.CommandText = "PRAGMA journal_mode = WAL;";
                var mode = (string?)await wal.ExecuteScalarAsync(cancellationToken);
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    logger.LogWarning("SQLite history file {Path} stays in journal mode {Mode}: WAL is not available there", Path, mode);
                }
            }

            var version = await new SqliteMigrationRunner(Migrations, logger).RunAsync(connection, cancellationToken);
            logger.LogInformation("SQLite history store at {Path}, schema version {Version}", Path, version);
            _initialized = true;
        }
        finally
        {
            _initialization.Release();
        }
    }

    /// <summary>Closes this file's pooled connections (so tests can delete it).</summary>
    public void ReleaseConnections()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            // synchronous=NORMAL in WAL mode never corrupts the file; a power cut may lose the last batches, which
            // for monitoring history is the right price for several times the insert rate. A 64 MiB page cache (the
            // default is 2 MiB) keeps the series index's hot pages in memory while a fleet's samples land all over it.
            command.CommandText = $"PRAGMA busy_timeout = {(int)options.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;";
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
