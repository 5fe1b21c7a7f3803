using Turtle.Actors.Messaging;
using Turtle.Actors.Runtime.Membership;
using static Turtle.Actors.Runtime.Tests.Membership.MembershipRows;

namespace Turtle.Actors.Runtime.Tests.Membership;

/// <summary>
/// The <see cref="IMembershipTable"/> contract, written once and run against every provider (STYLE habit 11): each
/// provider subclasses this with <see cref="CreateTable"/>. xunit makes a new instance per test, so each test gets its
/// own cluster id and, for a provider that keeps state in the test class, its own table.
/// </summary>
public abstract class MembershipTableConformanceTests
{
    /// <summary>The cluster this test works in; unique per test so tests on a shared database never meet.</summary>
    protected string ClusterId { get; } = $"conformance-{Guid.NewGuid():N}";

    /// <summary>A handle onto the provider's store; every call in one test must reach the same store (silos share it).</summary>
    protected abstract IMembershipTable CreateTable();

    private async Task<IMembershipTable> InitializedAsync()
    {
        var table = CreateTable();
        await table.InitializeAsync(ClusterId);
        return table;
    }

    [Fact]
    public async Task A_new_table_is_empty_at_version_zero_and_initializing_again_changes_nothing()
    {
        var table = await InitializedAsync();
        var empty = await table.ReadAllAsync();
        Assert.Empty(empty.Entries);
        Assert.Equal(0, empty.Version.Version);

        Assert.True(await table.InsertRowAsync(Entry(1), empty.Version, empty.Version.Next()));
        await table.InitializeAsync(ClusterId);
        await CreateTable().InitializeAsync(ClusterId);

        var after = await table.ReadAllAsync();
        Assert.Single(after.Entries);
        Assert.Equal(1, after.Version.Version);
    }

    [Fact]
    public async Task Silos_initializing_at_once_all_succeed_and_share_one_table()
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tables = Enumerable.Range(0, 8).Select(_ => CreateTable()).ToList();
        var initializing = tables.Select(t => Task.Run(async () =>
        {
            await start.Task;
            await t.InitializeAsync(ClusterId);
        })).ToList();
        start.SetResult();
        await Task.WhenAll(initializing);

        var version = (await tables[0].ReadAllAsync()).Version;
        Assert.True(await tables[3].InsertRowAsync(Entry(1), version, version.Next()));
        Assert.All(await Task.WhenAll(tables.Select(t => t.ReadAllAsync())), s => Assert.Single(s.Entries));
    }

    [Fact]
    public async Task Using_a_table_before_initializing_it_fails_clearly()
    {
        var table = CreateTable();
        await Assert.ThrowsAsync<InvalidOperationException>(() => table.ReadAllAsync());
    }

    [Fact]
    public async Task An_inserted_row_reads_back_field_for_field_and_bumps_the_version()
    {
        var table = await InitializedAsync();
        var entry = Entry(7) with
        {
            Status = SiloMembershipStatus.ShuttingDown,
            Suspicions = [new SuspicionVote(Address(8), T0.AddSeconds(1)), new SuspicionVote(Address(9, 5), T0.AddSeconds(2))],
        };
        var before = await table.ReadAllAsync();

        Assert.True(await table.InsertRowAsync(entry, before.Version, before.Version.Next()));

        var after = await table.ReadAllAsync();
        Assert.Equal(before.Version.Version + 1, after.Version.Version);
        var (read, etag) = Assert.Single(after.Entries);
        AssertSameEntry(entry, read);
        Assert.False(string.IsNullOrEmpty(etag));
    }

    [Fact]
    public async Task Inserting_an_address_that_is_already_there_fails_and_a_new_generation_of_it_succeeds()
    {
        var table = await InitializedAsync();
        await InsertAsync(table, Entry(1));
        var version = (await table.ReadAllAsync()).Version;

        Assert.False(await table.InsertRowAsync(Entry(1) with { SiloName = "impostor" }, version, version.Next()));
        var unchanged = await table.ReadAllAsync();
        Assert.Equal(version, unchanged.Version);
        Assert.Equal("silo-1", Assert.Single(unchanged.Entries).Entry.SiloName);

        Assert.True(await table.InsertRowAsync(Entry(1, generation: 2), version, version.Next()));
        Assert.Equal(2, (await table.ReadAllAsync()).Entries.Count);
    }

    [Fact]
    public async Task Inserting_with_a_stale_table_version_fails()
    {
        var table = await InitializedAsync();
        var stale = (await table.ReadAllAsync()).Version;
        await InsertAsync(table, Entry(1));

        Assert.False(await table.InsertRowAsync(Entry(2), stale, stale.Next()));
        Assert.Single((await table.ReadAllAsync()).Entries);
    }

    [Fact]
    public async Task Updating_with_the_current_etag_and_version_replaces_the_row_with_a_new_etag()
    {
        var table = await InitializedAsync();
        await InsertAsync(table, Entry(1));
        var before = await table.ReadAllAsync();
        var (entry, etag) = before.Entries[0];
        var changed = entry with { Status = SiloMembershipStatus.Active, Suspicions = [new SuspicionVote(Address(2), T0)] };

        Assert.True(await table.UpdateRowAsync(changed, etag, before.Version, before.Version.Next()));

        var after = await table.ReadAllAsync();
        Assert.Equal(before.Version.Version + 1, after.Version.Version);
        AssertSameEntry(changed, after.Entries[0].Entry);
        Assert.NotEqual(etag, after.Entries[0].ETag);
    }

    [Fact]
    public async Task Updating_with_a_stale_etag_fails_and_changes_nothing()
    {
        var table = await InitializedAsync();
        await InsertAsync(table, Entry(1));
        var first = await table.ReadAllAsync();
        var (entry, staleETag) = first.Entries[0];
        Assert.True(await table.UpdateRowAsync(entry with { Status = SiloMembershipStatus.Active }, staleETag, first.Version, first.Version.Next()));
        var current = (await table.ReadAllAsync()).Version;

        // The version is current; only the row's etag is stale.
        Assert.False(await table.UpdateRowAsync(entry with { Status = SiloMembershipStatus.Dead }, staleETag, current, current.Next()));

        var after = await table.ReadAllAsync();
        Assert.Equal(current, after.Version);
        Assert.Equal(SiloMembershipStatus.Active, after.Entries[0].Entry.Status);
    }

    [Fact]
    public async Task Updating_with_a_stale_table_version_fails_even_with_the_current_etag()
    {
        var table = await InitializedAsync();
        await InsertAsync(table, Entry(1));
        var read = await table.ReadAllAsync();
        var (entry, etag) = read.Entries[0];
        await InsertAsync(table, Entry(2));

        Assert.False(await table.UpdateRowAsync(entry with { Status = SiloMembershipStatus.Dead }, etag, read.Version, read.Version.Next()));

        var after = await table.ReadAllAsync();
        Assert.Equal(SiloMembershipStatus.Joining, after.Find(Address(1))!.Value.Entry.Status);
        Assert.Equal(read.Version.Version + 1, after.Version.Version);
    }

    [Fact]
    public async Task Updating_a_row_that_does_not_exist_fails()
    {
        var table = await InitializedAsync();
        await InsertAsync(table, Entry(1));
        var read = await table.ReadAllAsync();

        Assert.False(await table.UpdateRowAsync(Entry(2), read.Entries[0].ETag, read.Version, read.Version.Next()));
        Assert.Single((await table.ReadAllAsync()).Entries);
    }

    [Fact]
    public async Task A_write_that_does_not_move_the_version_forward_is_refused()
    {
        var table = await InitializedAsync();
        var version = (await table.ReadAllAsync()).Version;

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => table.InsertRowAsync(Entry(1), version, version));
        Assert.Empty((await table.ReadAllAsync()).Entries);
    }

    [Fact]
    public async Task I_am_alive_moves_the_time_without_bumping_the_version_or_the_etag()
    {
        var table = await InitializedAsync();
        await InsertAsync(table, Entry(1));
        await InsertAsync(table, Entry(2));
        var before = await table.ReadAllAsync();
        var etag = before.Find(Address(1))!.Value.ETag;

        await table.UpdateIAmAliveAsync(Address(1), T0.AddMinutes(5));
        await table.UpdateIAmAliveAsync(Address(99), T0.AddMinutes(5));

        var after = await table.ReadAllAsync();
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(T0.AddMinutes(5), after.Find(Address(1))!.Value.Entry.IAmAliveTime);
        Assert.Equal(T0, after.Find(Address(2))!.Value.Entry.IAmAliveTime);
        Assert.Equal(2, after.Entries.Count);
        // A heartbeat is not a membership change: a vote computed from the earlier read still lands.
        Assert.True(await table.UpdateRowAsync(Entry(1) with { Status = SiloMembershipStatus.Dead }, etag, after.Version, after.Version.Next()));
    }

    [Fact]
    public async Task Of_many_silos_inserting_from_the_same_read_exactly_one_succeeds()
    {
        var table = await InitializedAsync();
        var read = (await table.ReadAllAsync()).Version;

        var results = await RaceAsync(16, i => table.InsertRowAsync(Entry(100 + i), read, read.Next()));

        Assert.Equal(1, results.Count(r => r));
        var after = await table.ReadAllAsync();
        Assert.Single(after.Entries);
        Assert.Equal(read.Version + 1, after.Version.Version);
    }

    [Fact]
    public async Task Concurrent_votes_from_one_read_let_exactly_one_win_and_retries_lose_none()
    {
        var table = await InitializedAsync();
        await InsertAsync(table, Entry(1) with { Status = SiloMembershipStatus.Active });
        var read = await table.ReadAllAsync();
        var (suspect, etag) = read.Entries[0];
        var voters = Enumerable.Range(0, 16).Select(i => Address(200 + i)).ToList();

        var firstTry = await RaceAsync(voters.Count, i =>
            table.UpdateRowAsync(WithVote(suspect, voters[i]), etag, read.Version, read.Version.Next()));

        Assert.Equal(1, firstTry.Count(r => r));

        // Every voter now does what the protocol does: read, add its vote to what it read, write; on conflict, again.
        var attempts = await RaceAsync(voters.Count, async i =>
        {
            var tries = 0;
            while (true)
            {
                tries++;
                var snapshot = await table.ReadAllAsync();
                var (row, rowETag) = snapshot.Entries[0];
                if (row.Suspicions.Any(v => v.Voter == voters[i]))
                {
                    return tries;
                }

                if (await table.UpdateRowAsync(WithVote(row, voters[i]), rowETag, snapshot.Version, snapshot.Version.Next()))
                {
                    return tries;
                }
            }
        });

        var after = await table.ReadAllAsync();
        var votes = after.Entries[0].Entry.Suspicions;
        Assert.Equal(16, votes.Count);
        Assert.Equal(voters.OrderBy(v => v.Port), votes.Select(v => v.Voter).OrderBy(v => v.Port));
        Assert.Equal(read.Version.Version + 16, after.Version.Version);
        Assert.True(attempts.Sum() >= 16);
    }

    [Fact]
    public async Task Cleanup_deletes_rows_that_are_not_active_and_silent_since_the_cutoff_and_nothing_else()
    {
        var table = await InitializedAsync();
        var cutoff = T0.AddHours(1);
        var old = T0;
        var recent = cutoff.AddMinutes(1);
        await InsertAsync(table, Entry(1, SiloMembershipStatus.Dead, alive: old));
        await InsertAsync(table, Entry(2, SiloMembershipStatus.Joining, alive: old));
        await InsertAsync(table, Entry(3, SiloMembershipStatus.ShuttingDown, alive: old));
        await InsertAsync(table, Entry(4, SiloMembershipStatus.Active, alive: old));
        await InsertAsync(table, Entry(5, SiloMembershipStatus.Dead, alive: recent));
        await InsertAsync(table, Entry(6, SiloMembershipStatus.Joining, alive: recent));
        var before = await table.ReadAllAsync();

        Assert.Equal(3, await table.CleanupDefunctAsync(cutoff));

        var after = await table.ReadAllAsync();
        Assert.Equal(new[] { 11004, 11005, 11006 }, after.Entries.Select(r => r.Entry.Address.Port).Order());
        // Removing rows of silos that were already gone is not a membership change.
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(0, await table.CleanupDefunctAsync(cutoff));
    }
}
