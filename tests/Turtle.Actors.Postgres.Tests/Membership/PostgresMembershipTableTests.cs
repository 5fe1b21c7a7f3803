using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Turtle.Actors.Postgres.Membership;
using Turtle.Actors.Runtime.Membership;
using Turtle.Actors.Runtime.Tests.Membership;
using Turtle.Actors.Testing.Postgres;
using static Turtle.Actors.Runtime.Tests.Membership.MembershipRows;

namespace Turtle.Actors.Postgres.Tests.Membership;

/// <summary>
/// The membership conformance suite on PostgreSQL. Every table handle has its own connection pool, so the races in
/// the suite are races between separate connections, as between silo processes.
/// </summary>
public sealed class PostgresMembershipTableTests(PostgresMembershipDatabase database)
    : MembershipTableConformanceTests, IClassFixture<PostgresMembershipDatabase>
{
    protected override IMembershipTable CreateTable() => new PostgresMembershipTable(database.NewDataSource(), NullLogger.Instance);

    [Fact]
    public async Task A_new_database_is_migrated_once_even_when_silos_start_together()
    {
        await using var fresh = await PostgresTestDatabase.CreateAsync();
        var dataSources = Enumerable.Range(0, 8).Select(_ => new NpgsqlDataSourceBuilder(fresh.ConnectionString) { Name = Guid.NewGuid().ToString("N") }.Build()).ToList();
        try
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var silos = dataSources.Select(d => Task.Run(async () =>
            {
                await start.Task;
                await new PostgresMembershipTable(d, NullLogger.Instance).InitializeAsync(ClusterId);
            })).ToList();
            start.SetResult();
            await Task.WhenAll(silos);

            await using var versions = dataSources[0].CreateCommand("SELECT version FROM turtle_schema_version WHERE component = 'membership';");
            Assert.Equal(1, (int)(await versions.ExecuteScalarAsync())!);
            await using var clusters = dataSources[0].CreateCommand("SELECT count(*) FROM turtle_membership_version;");
            Assert.Equal(1L, (long)(await clusters.ExecuteScalarAsync())!);
        }
        finally
        {
            foreach (var dataSource in dataSources)
            {
                await dataSource.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Rows_are_readable_by_an_operator_with_psql()
    {
        var table = CreateTable();
        await table.InitializeAsync(ClusterId);
        var version = (await table.ReadAllAsync()).Version;
        var vote = new Runtime.Membership.SuspicionVote(Address(2), T0);
        Assert.True(await table.InsertRowAsync(Entry(1, SiloMembershipStatus.ShuttingDown) with { Suspicions = [vote] }, version, version.Next()));

        await using var dataSource = database.NewDataSource();
        await using var command = dataSource.CreateCommand("""
            SELECT status, address, port, dc, suspicion_votes -> 0 ->> 'host', (SELECT version FROM turtle_membership_version WHERE cluster_id = @c)
            FROM turtle_silos WHERE cluster_id = @c;
            """);
        command.Parameters.AddWithValue("c", ClusterId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("ShuttingDown", reader.GetString(0));
        Assert.Equal("10.0.0.1", reader.GetString(1));
        Assert.Equal(11001, reader.GetInt32(2));
        Assert.Equal("dc2", reader.GetString(3));
        Assert.Equal("10.0.0.1", reader.GetString(4));
        Assert.Equal(1L, reader.GetInt64(5));
    }

    [Fact]
    public async Task Clusters_sharing_a_database_never_see_each_others_silos()
    {
        var ours = CreateTable();
        await ours.InitializeAsync(ClusterId);
        var theirs = CreateTable();
        await theirs.InitializeAsync(ClusterId + "-neighbour");
        var version = (await theirs.ReadAllAsync()).Version;
        Assert.True(await theirs.InsertRowAsync(Entry(1), version, version.Next()));

        var read = await ours.ReadAllAsync();
        Assert.Empty(read.Entries);
        Assert.Equal(0, read.Version.Version);
        Assert.Equal(0, await ours.CleanupDefunctAsync(DateTimeOffset.MaxValue));
        Assert.Single((await theirs.ReadAllAsync()).Entries);
    }
}
