using Turtle.Actors.Runtime.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;
using Turtle.Actors.Messaging;
using Turtle.Actors.Postgres.Migrations;
using Turtle.Actors.Runtime.Membership;

namespace Turtle.Actors.Postgres.Membership;

/// <summary>
/// The membership table in PostgreSQL, as Orleans' ADO.NET clustering: <c>turtle_membership_version</c> holds one
/// version row per cluster and <c>turtle_silos</c> one row per silo generation. Every membership change is one
/// transaction that first moves the version row forward (only from the version and etag the writer read), then
/// inserts or updates the silo row (an update only from the etag it read), and rolls back unless both statements
/// touched a row. Taking the version row first serializes a cluster's changes: of writers racing from one read, the
/// first commits and the rest, re-checking the version after the lock, find it moved and change nothing.
/// </summary>
public sealed class PostgresMembershipTable : IMembershipTable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;
    private string? _clusterId;

    public PostgresMembershipTable(NpgsqlDataSource dataSource, ILogger logger)
    {
        _dataSource = dataSource;
        _logger = logger;
    }

    internal static IReadOnlyList<SchemaMigration> Migrations { get; } =
        SchemaMigration.LoadEmbedded(typeof(PostgresMembershipTable).Assembly, "Turtle.Actors.Postgres.Migrations.Membership.");

    /// <summary>Migrates the schema (versioned, under the shared advisory lock) and creates the cluster's version row if missing.</summary>
    public async Task InitializeAsync(string clusterId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        if (_clusterId is not null && _clusterId != clusterId)
        {
            throw new InvalidOperationException($"This membership table serves cluster '{_clusterId}', not '{clusterId}'.");
        }

        await new PostgresMigrationRunner(_dataSource, "membership", Migrations, _logger).RunAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(
            "INSERT INTO turtle_membership_version (cluster_id, version, etag) VALUES (@cluster, 0, gen_random_uuid()) ON CONFLICT DO NOTHING;");
        command.Parameters.AddWithValue("cluster", clusterId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        _clusterId = clusterId;
    }

    public async Task<MembershipSnapshot> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        // One statement sees one snapshot of both tables, so the rows always match the version they come with.
        await using var command = _dataSource.CreateCommand($"""
            SELECT v.version, v.etag, {MembershipRowMapping.Columns}
            FROM turtle_membership_version v LEFT JOIN turtle_silos s ON s.cluster_id = v.cluster_id
            WHERE v.cluster_id = @cluster;
            """);
        command.Parameters.AddWithValue("cluster", ClusterId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<(MembershipEntry, string)>();
        TableVersion? version = null;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            version ??= new TableVersion(reader.GetInt64(0), reader.GetGuid(1).ToString("N"));
            if (!reader.IsDBNull(2))
            {
                rows.Add(MembershipRowMapping.ReadEntry(reader, 2));
            }
        }

        return new MembershipSnapshot(rows, version ?? throw new InvalidOperationException(
            $"Cluster '{ClusterId}' has no version row in turtle_membership_version; was the table initialized against another database?"));
    }

    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion expectedVersion, TableVersion newVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        MembershipTableArguments.CheckVersions(expectedVersion, newVersion);
        var insert = new NpgsqlBatchCommand("""
            INSERT INTO turtle_silos (cluster_id, address, port, generation, silo_name, host_name, dc, role, status, gateway_port,
                                      suspicion_votes, start_time, i_am_alive_time, etag)
            VALUES (@cluster, @address, @port, @generation, @silo_name, @host_name, @dc, @role, @status, @gateway_port,
                    @suspicion_votes, @start_time, @i_am_alive_time, gen_random_uuid())
            ON CONFLICT DO NOTHING;
            """);
        return ChangeAsync(insert, entry, etag: null, expectedVersion, newVersion, cancellationToken);
    }

    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion expectedVersion, TableVersion newVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(etag);
        MembershipTableArguments.CheckVersions(expectedVersion, newVersion);
        if (!Guid.TryParseExact(etag, "N", out var rowETag))
        {
            // Not an etag this table ever handed out, so it cannot match.
            return Task.FromResult(false);
        }

        var update = new NpgsqlBatchCommand("""
            UPDATE turtle_silos
            SET silo_name = @silo_name, host_name = @host_name, dc = @dc, role = @role, status = @status, gateway_port = @gateway_port,
                suspicion_votes = @suspicion_votes, start_time = @start_time, i_am_alive_time = @i_am_alive_time, etag = gen_random_uuid()
            WHERE cluster_id = @cluster AND address = @address AND port = @port AND generation = @generation AND etag = @etag;
            """);
        update.Parameters.AddWithValue("etag", rowETag);
        return ChangeAsync(update, entry, rowETag, expectedVersion, newVersion, cancellationToken);
    }

    public async Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        // Neither the version nor the etag moves: a heartbeat is not a membership change.
        await using var command = _dataSource.CreateCommand(
            "UPDATE turtle_silos SET i_am_alive_time = @time WHERE cluster_id = @cluster AND address = @address AND port = @port AND generation = @generation;");
        command.Parameters.AddWithValue("cluster", ClusterId);
        MembershipRowMapping.AddKey(command.Parameters, silo);
        command.Parameters.AddWithValue("time", time.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> CleanupDefunctAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default)
    {
        // The same rule as MembershipTableArguments.IsDefunct.
        await using var command = _dataSource.CreateCommand(
            "DELETE FROM turtle_silos WHERE cluster_id = @cluster AND status <> 'Active' AND i_am_alive_time < @cutoff;");
        command.Parameters.AddWithValue("cluster", ClusterId);
        command.Parameters.AddWithValue("cutoff", olderThan.ToUniversalTime());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private string ClusterId => _clusterId ?? throw new InvalidOperationException("The membership table is not initialized: call InitializeAsync first.");

    /// <summary>Moves the version forward and applies <paramref name="rowChange"/> in one transaction; commits only if both hit a row.</summary>
    private async Task<bool> ChangeAsync(NpgsqlBatchCommand rowChange, MembershipEntry entry, Guid? etag, TableVersion expectedVersion,
        TableVersion newVersion, CancellationToken cancellationToken)
    {
        var cluster = ClusterId;
        if (!Guid.TryParseExact(expectedVersion.ETag, "N", out var versionETag))
        {
            return false;
        }

        var bump = new NpgsqlBatchCommand("""
            UPDATE turtle_membership_version SET version = @new_version, etag = gen_random_uuid(), changed_at = now()
            WHERE cluster_id = @cluster AND version = @expected_version AND etag = @expected_etag;
            """);
        bump.Parameters.AddWithValue("cluster", cluster);
        bump.Parameters.AddWithValue("new_version", newVersion.Version);
        bump.Parameters.AddWithValue("expected_version", expectedVersion.Version);
        bump.Parameters.AddWithValue("expected_etag", versionETag);

        MembershipRowMapping.AddEntry(rowChange.Parameters, entry);
        rowChange.Parameters.AddWithValue("cluster", cluster);

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { bump, rowChange } };
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (bump.RecordsAffected != 1 || rowChange.RecordsAffected != 1)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            _logger.LogDebug("Membership write of {Silo} lost its compare-and-swap (version {Version}, etag {ETag})", entry.Address, expectedVersion.Version, etag);
            return false;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }
}
