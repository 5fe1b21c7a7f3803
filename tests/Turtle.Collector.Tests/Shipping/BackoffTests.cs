using Turtle.Collector.Shipping;

namespace Turtle.Collector.Tests.Shipping;

/// <summary>Exponential back-off with jitter.</summary>
public class BackoffTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(60);

    [Fact]
    public void The_ceiling_doubles_each_failed_round_up_to_the_maximum()
    {
        var backoff = new Backoff(Initial, Max, new Random(1));
        var ceilings = new List<double>();
        for (var i = 0; i < 9; i++)
        {
            ceilings.Add(backoff.Ceiling.TotalSeconds);
            backoff.Next();
        }

        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60, 60], ceilings);
        Assert.Equal(9, backoff.Failures);
    }

    [Fact]
    public void The_ceiling_stays_at_the_maximum_after_very_many_failures()
    {
        var backoff = new Backoff(Initial, Max, new Random(1));
        for (var i = 0; i < 1000; i++)
        {
            backoff.Next();
        }

        Assert.Equal(Max, backoff.Ceiling);
        Assert.InRange(backoff.Next(), Max / 2, Max);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(12345)]
    public void Each_wait_is_between_half_the_ceiling_and_the_ceiling(int seed)
    {
        var backoff = new Backoff(Initial, Max, new Random(seed));
        for (var i = 0; i < 200; i++)
        {
            var ceiling = backoff.Ceiling;
            Assert.InRange(backoff.Next(), ceiling / 2, ceiling);
        }
    }

    [Fact]
    public void The_jitter_spreads_the_waits_and_the_same_seed_gives_the_same_waits()
    {
        var waits = Waits(new Random(42), 100);

        Assert.Equal(waits, Waits(new Random(42), 100));
        Assert.NotEqual(waits, Waits(new Random(43), 100));
        Assert.True(waits.Distinct().Count() > 90, "waits with jitter differ");

        static List<TimeSpan> Waits(Random random, int count)
        {
            var backoff = new Backoff(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60), random); // a fixed ceiling: only jitter varies
            return Enumerable.Range(0, count).Select(_ => backoff.Next()).ToList();
        }
    }

    [Fact]
    public void The_jitter_uses_the_whole_lower_half()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), new Random(3));
        var waits = Enumerable.Range(0, 1000).Select(_ => backoff.Next().TotalSeconds).ToList();

        Assert.InRange(waits.Min(), 5, 5.1);
        Assert.InRange(waits.Max(), 9.9, 10);
    }

    [Fact]
    public void Reset_starts_over_from_the_initial_ceiling()
    {
        var backoff = new Backoff(Initial, Max, new Random(1));
        for (var i = 0; i < 5; i++)
        {
            backoff.Next();
        }

        backoff.Reset();

        Assert.Equal(0, backoff.Failures);
        Assert.Equal(Initial, backoff.Ceiling);
        Assert.InRange(backoff.Next(), Initial / 2, Initial);
        Assert.Equal(TimeSpan.FromSeconds(2), backoff.Ceiling);
    }

    [Fact]
    public void Without_a_random_the_shared_one_is_used()
    {
        var backoff = new Backoff(Initial, Max);

        Assert.InRange(backoff.Next(), Initial / 2, Initial);
    }
}
