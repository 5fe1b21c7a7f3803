using Turtle.Failover.Tests.Simulation;

namespace Turtle.Failover.Tests.Cluster;

/// <summary>
/// Runs one seeded schedule (the model simulation's generator: the same seed gives the same faults in both, plus the
/// silo cuts and delays of <see cref="PairFault"/>) on a fresh in-process cluster: start and settle, then step true time 100 ms at a time, applying faults when due,
/// writing, and checking every invariant after every step; at the end heal everything and read back every
/// acknowledged write.
/// </summary>
public static class ClusterRun
{
    /// <summary>True time after the schedule, everything healed, before the final read-back.</summary>
    private static readonly TimeSpan Cooldown = TimeSpan.FromSeconds(3);

    public static async Task<SimResult> RunAsync(int seed, TimeSpan? length = null)
    {
        var rng = new Random(seed);
        var schedule = Schedule.Make(seed, rng);
        var end = length ?? Schedule.Length;
        await using var world = await ClusterWorld.StartAsync(seed);
        if (!await world.SettleAsync(TimeSpan.FromSeconds(30)))
        {
            var states = string.Join(", ", world.Slots.Select(s => $"{s} up={s.IsUp} canWrite={s.CanWrite()}"));
            throw new InvalidOperationException($"Seed {seed}: the cluster did not settle within 30 s: {states}\n{string.Join("\n", world.Trace)}");
        }

        var start = world.Now;
        var invariants = new ClusterInvariants(world, schedule, start);
        var writers = world.Writers = new ClusterWriters(world, rng);
        var extras = PairFault.Make(seed, schedule);
        var events = schedule.Faults
            .Select(f => (f.At, f.Until, Text: f.ToString(), Apply: (Func<Task>)(() => ClusterFaults.ApplyAsync(f, world)), Revert: (Action)(() => ClusterFaults.Revert(f, world))))
            .Concat(extras.Select(f => (f.At, f.Until, Text: f.ToString(), Apply: (Func<Task>)(() => { f.Apply(world); return Task.CompletedTask; }), Revert: (Action)(() => f.Revert(world)))))
            .SelectMany(f => new[] { (At: f.At, Order: 1, Fault: f), (At: f.Until, Order: 0, Fault: f) })
            .Where(e => e.At < end)
            .OrderBy(e => e.At).ThenBy(e => e.Order)
            .ToList();
        var next = 0;
        var steps = 0;
        while (world.Now - start < end)
        {
            for (; next < events.Count && events[next].At <= world.Now - start; next++)
            {
                var (_, order, fault) = events[next];
                world.Log(order == 1 ? $"fault {fault.Text}" : $"heal {fault.Text}");
                if (order == 1)
                {
                    await fault.Apply();
                }
                else
                {
                    fault.Revert();
                }
            }

            await world.StepAsync();
            writers.Step();
            steps++;
            invariants.AfterStep();
        }

        world.Log("heal everything");
        world.HealAll();
        for (var cooldown = world.Now + Cooldown; world.Now < cooldown; )
        {
            await world.StepAsync();
            writers.Step();
            invariants.AfterStep();
        }

        invariants.AtEnd();
        writers.Stats.Steps = steps;
        foreach (var extra in extras.Where(f => f.At < end))
        {
            writers.Stats.Count($"faults beyond the model's: {extra.Kind}");
        }

        return new SimResult(schedule, writers.Stats, invariants.Violations, invariants.FailoverTime, invariants.Promotions, invariants.JudgeMoves, world.Trace);
    }
}
