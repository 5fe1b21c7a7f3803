using Turtle.Actors.Runtime.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Turtle.Actors.Configuration;
using Turtle.Actors.Sqlite.Migrations;

namespace Turtle.Actors.Sqlite;

/// <summary>What a SQLite file is for: its name in logs, its migrations, and pragmas set on every connection.</summary>
internal sealed record SqliteFileProfile(string Purpose, IReadOnlyList<SchemaMigration> Migrations, string ConnectionPragmas = "")
{
    public static SqliteFileProfile GrainStorage { get; } = new("grain storage", SqliteMigrationRunner.GrainStorageMigrations);
}

/// <summary>
/// One of the provider's database files (grain state and reminders; history): creates its directory, switches it to
/// WAL, migrates its schema once per instance, and opens pooled connections with a busy timeout so concurrent writers
/// (other connections, other silos) wait for the write lock instead of failing.
/// </summary>
internal sealed class SqliteDatabase
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMilliseconds;
    private readonly SqliteFileProfile _profile;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _initialization = new(1, 1);
    private volatile bool _initialized;

    public SqliteDatabase(SqliteStorageOptions options, ILogger logger)
        : this(options, SqliteFileProfile.GrainStorage, logger)
    {
    }

    public SqliteDatabase(SqliteStorageOptions options, SqliteFileProfile profile, ILogger logger)
    {
        Path = options.DatabasePath;
        _profile = profile;
        _logger = logger;
        _busyTimeoutMilliseconds = (int)options.BusyTimeout.TotalMilliseconds;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Microsoft.Data.Sqlite also retries SQLITE_BUSY until the command timeout; keep both limits equal.
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        }.ToString();
    }

    public string Path { get; }

    /// <summary>Opens a connection, initializing the file on first use.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_initialized)
        {
            await InitializeAsync(cancellationToken);
        }

        return await OpenConnectionAsync(cancellationToken);
    }

    /// <summary>Creates and migrates the file once; a failure is not remembered, so the next call tries again.</summary>
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
                // WAL lets readers run beside the writer; the setting is stored in the file, so once is enough.
                wal.CommandText = "PRAGMA journal_mode = WAL;";
                var mode = (string?)await wal.ExecuteScalarAsync(cancellationToken);
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    _logger.LogWarning("SQLite {Purpose} file {Path} stays in journal mode {Mode}: WAL is not available there", _profile.Purpose, Path, mode);
                }
            }

            var version = await new SqliteMigrationRunner(_profile.Migrations, _logger).RunAsync(connection, cancellationToken);
            _logger.LogInformation("SQLite {Purpose} at {Path}, schema version {Version}", _profile.Purpose, Path, version);
            _initialized = true;
        }
        finally
        {
            _initialization.Release();
        }
    }

    /// <summary>Drops this file's pooled connections, closing its handles (the file can then be moved or deleted).</summary>
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
            command.CommandText = $"PRAGMA busy_timeout = {_busyTimeoutMilliseconds}; {_profile.ConnectionPragmas}";
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
