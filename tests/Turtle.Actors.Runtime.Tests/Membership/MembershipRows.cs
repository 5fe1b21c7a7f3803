using Turtle.Actors.Messaging;
using Turtle.Actors.Runtime.Membership;

namespace Turtle.Actors.Runtime.Tests.Membership;

/// <summary>Rows, writes and races the membership table conformance suite builds its scenarios from.</summary>
public static class MembershipRows
{
    /// <summary>Millisecond precision: every provider must store it exactly (PostgreSQL keeps microseconds).</summary>
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, 123, TimeSpan.Zero);

    public static SiloAddress Address(int port, long generation = 1) => new("10.0.0.1", 11000 + port, generation);

    public static MembershipEntry Entry(int port, SiloMembershipStatus status = SiloMembershipStatus.Joining, long generation = 1, DateTimeOffset? alive = null) => new()
    {
        Address = Address(port, generation),
        SiloName = $"silo-{port}",
        HostName = "host-a",
        Dc = "dc2",
        Role = "observer",
        Status = status,
        GatewayPort = 30000 + port,
        StartTime = T0,
        IAmAliveTime = alive ?? T0,
    };

    public static async Task InsertAsync(IMembershipTable table, MembershipEntry entry)
    {
        var version = (await table.ReadAllAsync()).Version;
        Assert.True(await table.InsertRowAsync(entry, version, version.Next()), $"insert of {entry.Address}");
    }

    public static MembershipEntry WithVote(MembershipEntry entry, SiloAddress voter) =>
        entry with { Suspicions = [.. entry.Suspicions, new SuspicionVote(voter, T0)] };

    /// <summary>Runs <paramref name="count"/> operations released at the same moment on the thread pool.</summary>
    public static async Task<T[]> RaceAsync<T>(int count, Func<int, Task<T>> operation)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racers = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await operation(i);
        })).ToList();
        start.SetResult();
        return await Task.WhenAll(racers);
    }

    public static void AssertSameEntry(MembershipEntry expected, MembershipEntry actual)
    {
        Assert.Equal(expected.Address, actual.Address);
        Assert.Equal(expected.SiloName, actual.SiloName);
        Assert.Equal(expected.HostName, actual.HostName);
        Assert.Equal(expected.Dc, actual.Dc);
        Assert.Equal(expected.Role, actual.Role);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.GatewayPort, actual.GatewayPort);
        Assert.Equal(expected.StartTime, actual.StartTime);
        Assert.Equal(expected.IAmAliveTime, actual.IAmAliveTime);
        Assert.Equal(expected.Suspicions, actual.Suspicions);
    }
}
