using Turtle.Actors.Runtime.Storage;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Npgsql;
using Turtle.Actors.Messaging;
using Turtle.Actors.Postgres.Migrations;
using Turtle.Actors.Runtime.Directory;

namespace Turtle.Actors.Postgres.Directory;

/// <summary>
/// The grain directory in PostgreSQL: one row per active grain, keyed by cluster and grain id, so the database's
/// primary key decides every activation race across processes. Lookups are cached per silo; a stale cache entry
/// costs one forwarding hop, never a duplicate, because registration always goes to the table.
/// </summary>
internal sealed class PostgresGrainDirectory(NpgsqlDataSource dataSource, string clusterId, ILogger logger) : IGrainDirectory
{
    private const int RegistrationAttempts = 5;
    private readonly ConcurrentDictionary<GrainId, GrainAddress> _cache = new();

    public static IReadOnlyList<SchemaMigration> Migrations { get; } =
        SchemaMigration.LoadEmbedded(typeof(PostgresGrainDirectory).Assembly, "Turtle.Actors.Postgres.Migrations.GrainDirectory.");

    public Task InitializeAsync(CancellationToken cancellationToken) =>
        new PostgresMigrationRunner(dataSource, "grain_directory", Migrations, logger).RunAsync(cancellationToken);

    public async ValueTask<GrainAddress> RegisterAsync(GrainAddress address, CancellationToken cancellationToken = default)
    {
        // Insert, or read the row that beat us. Under READ COMMITTED the read can miss a row committed while the
        // insert waited on it, and the winner can vanish before we read it: both are rare, and a retry settles them.
        for (var attempt = 0; attempt < RegistrationAttempts; attempt++)
        {
            await using var command = dataSource.CreateCommand("""
                WITH inserted AS (
                    INSERT INTO turtle_grain_directory (cluster_id, grain_type, grain_key, silo_host, silo_port, silo_generation, activation_id)
                    VALUES (@cluster, @type, @key, @host, @port, @generation, @activation)
                    ON CONFLICT DO NOTHING
                    RETURNING silo_host, silo_port, silo_generation, activation_id)
                SELECT silo_host, silo_port, silo_generation, activation_id FROM inserted
                UNION ALL
                SELECT silo_host, silo_port, silo_generation, activation_id FROM turtle_grain_directory
                WHERE cluster_id = @cluster AND grain_type = @type AND grain_key = @key AND NOT EXISTS (SELECT 1 FROM inserted);
                """);
            AddKey(command, address.GrainId);
            AddSilo(command, address.Silo);
            command.Parameters.AddWithValue("activation", address.ActivationId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                var registered = ReadAddress(address.GrainId, reader);
                _cache[address.GrainId] = registered;
                return registered;
            }
        }

        throw new InvalidOperationException($"Could not register grain {address.GrainId} in the PostgreSQL grain directory after {RegistrationAttempts} attempts.");
    }

    public async ValueTask UnregisterAsync(GrainAddress address, CancellationToken cancellationToken = default)
    {
        _cache.TryRemove(new KeyValuePair<GrainId, GrainAddress>(address.GrainId, address));
        await using var command = dataSource.CreateCommand(
            "DELETE FROM turtle_grain_directory WHERE cluster_id = @cluster AND grain_type = @type AND grain_key = @key AND activation_id = @activation;");
        AddKey(command, address.GrainId);
        command.Parameters.AddWithValue("activation", address.ActivationId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask<GrainAddress?> LookupAsync(GrainId grainId, CancellationToken cancellationToken = default)
    {
        if (_cache.TryGetValue(grainId, out var cached))
        {
            return cached;
        }

        await using var command = dataSource.CreateCommand(
            "SELECT silo_host, silo_port, silo_generation, activation_id FROM turtle_grain_directory WHERE cluster_id = @cluster AND grain_type = @type AND grain_key = @key;");
        AddKey(command, grainId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var address = ReadAddress(grainId, reader);
        _cache[grainId] = address;
        return address;
    }

    public async ValueTask RemoveSiloAsync(SiloAddress silo, CancellationToken cancellationToken = default)
    {
        foreach (var entry in _cache)
        {
            if (entry.Value.Silo == silo)
            {
                _cache.TryRemove(entry);
            }
        }

        await using var command = dataSource.CreateCommand(
            "DELETE FROM turtle_grain_directory WHERE cluster_id = @cluster AND silo_host = @host AND silo_port = @port AND silo_generation = @generation;");
        command.Parameters.AddWithValue("cluster", clusterId);
        AddSilo(command, silo);
        var removed = await command.ExecuteNonQueryAsync(cancellationToken);
        logger.LogInformation("Removed {Count} grain directory entries of dead silo {Silo}", removed, silo);
    }

    private void AddKey(NpgsqlCommand command, GrainId grainId)
    {
        command.Parameters.AddWithValue("cluster", clusterId);
        command.Parameters.AddWithValue("type", grainId.Type);
        command.Parameters.AddWithValue("key", grainId.Key);
    }

    private static void AddSilo(NpgsqlCommand command, SiloAddress silo)
    {
        command.Parameters.AddWithValue("host", silo.Host);
        command.Parameters.AddWithValue("port", silo.Port);
        command.Parameters.AddWithValue("generation", silo.Generation);
    }

    private static GrainAddress ReadAddress(GrainId grainId, NpgsqlDataReader reader) =>
        new(grainId, new SiloAddress(reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2)), reader.GetGuid(3));

    public void ForgetCached(GrainId grainId) => _cache.TryRemove(grainId, out _);
}
