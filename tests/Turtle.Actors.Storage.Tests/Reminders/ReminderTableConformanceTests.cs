using Turtle.Actors.Reminders;

namespace Turtle.Actors.Storage.Tests.Reminders;

/// <summary>The reminder table contract, written once; each provider subclasses it with its factory.</summary>
public abstract class ReminderTableConformanceTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);

    /// <summary>A table instance; calls on one test instance share the same stored data (a second call is a "restart").</summary>
    protected abstract Task<IReminderTable> CreateAsync();

    private static ReminderEntry Entry(string key, string name, int minutes = 5) =>
        new(new GrainId("host", key), name, Start, TimeSpan.FromMinutes(minutes));

    [Fact]
    public async Task Upsert_then_read_round_trips_and_every_upsert_changes_the_etag()
    {
        var table = await CreateAsync();
        var first = await table.UpsertAsync(Entry("dc1/a", "poll"));
        var second = await table.UpsertAsync(Entry("dc1/a", "poll", minutes: 10));

        Assert.NotNull(first.ETag);
        Assert.NotEqual(first.ETag, second.ETag);
        var read = await table.ReadAsync(new GrainId("host", "dc1/a"), "poll");
        Assert.Equal(second, read);
        Assert.Equal(TimeSpan.FromMinutes(10), read!.Period);
        Assert.Equal(Start, read.StartAt);
    }

    [Fact]
    public async Task Reads_by_grain_and_all_see_the_right_rows()
    {
        var table = await CreateAsync();
        await table.UpsertAsync(Entry("dc1/a", "x"));
        await table.UpsertAsync(Entry("dc1/a", "y"));
        await table.UpsertAsync(Entry("dc1/b", "x"));

        Assert.Equal(["x", "y"], (await table.ReadAsync(new GrainId("host", "dc1/a"))).Select(e => e.ReminderName).Order());
        Assert.Equal(3, (await table.ReadAllAsync()).Count);
        Assert.Null(await table.ReadAsync(new GrainId("host", "dc1/c"), "x"));
    }

    [Fact]
    public async Task Remove_needs_the_current_etag()
    {
        var table = await CreateAsync();
        var stale = await table.UpsertAsync(Entry("dc1/a", "x"));
        var current = await table.UpsertAsync(Entry("dc1/a", "x", minutes: 7));

        Assert.False(await table.RemoveAsync(stale.GrainId, "x", stale.ETag!));
        Assert.NotNull(await table.ReadAsync(stale.GrainId, "x"));
        Assert.True(await table.RemoveAsync(current.GrainId, "x", current.ETag!));
        Assert.Null(await table.ReadAsync(current.GrainId, "x"));
        Assert.False(await table.RemoveAsync(current.GrainId, "x", current.ETag!));
    }

    [Fact]
    public async Task Reminders_survive_a_restart()
    {
        var before = await CreateAsync();
        var stored = await before.UpsertAsync(Entry("dc1/a", "daily", minutes: 1440));

        var after = await CreateAsync();
        Assert.Equal(stored, await after.ReadAsync(stored.GrainId, "daily"));
    }

    [Fact]
    public async Task Concurrent_upserts_of_different_reminders_all_land()
    {
        var table = await CreateAsync();
        await Task.WhenAll(Enumerable.Range(0, 32).Select(i => table.UpsertAsync(Entry($"dc1/h{i % 4}", $"r{i}"))));
        Assert.Equal(32, (await table.ReadAllAsync()).Count);
    }

    [Fact]
    public void The_next_tick_is_the_first_scheduled_time_at_or_after_now()
    {
        var entry = Entry("dc1/a", "x");
        Assert.Equal(Start, entry.NextTickAt(Start.AddMinutes(-3)));
        Assert.Equal(Start, entry.NextTickAt(Start));
        Assert.Equal(Start.AddMinutes(5), entry.NextTickAt(Start.AddSeconds(1)));
        Assert.Equal(Start.AddMinutes(15), entry.NextTickAt(Start.AddMinutes(14)));
    }
}
