using System.Text;

namespace Turtle.Failover.Tests.Simulation;

/// <summary>Runs seeds and prints what they did: the table the randomized suite shows.</summary>
public static class SimSummary
{
    public static SimResult Run(int seed)
    {
        var rng = new Random(seed);
        return new SimWorld(Schedule.Make(seed, rng), rng).Run();
    }

    public static string Table(IReadOnlyList<SimResult> results, TimeSpan elapsed, string title = "Failover simulation")
    {
        var text = new StringBuilder();
        void Row(string name, object value) => text.AppendLine($"  {name,-44} {value}");

        var times = results.Where(r => r.FailoverTime is not null).Select(r => r.FailoverTime!.Value.TotalSeconds).Order().ToList();
        text.AppendLine($"{title}: {results.Count} schedules in {elapsed.TotalSeconds:0.0} s (wall)");
        Row("schedules (single link cuts / DC loss / mixed)",
            string.Join(" / ", Enum.GetValues<ScheduleKind>().Select(k => results.Count(r => r.Schedule.Kind == k))));
        Row("steps (100 ms of simulated time each)", results.Sum(r => r.Stats.Steps));
        foreach (var kind in Enum.GetValues<FaultKind>())
        {
            Row($"faults: {kind}", results.Sum(r => r.Schedule.Faults.Count(f => f.Kind == kind)));
        }

        Row("failovers (promotions)", results.Sum(r => r.Promotions));
        Row("failover moves of the judge grain", results.Sum(r => r.JudgeMoves));
        Row("true DC losses measured", times.Count);
        Row("failover time after a true DC loss, min", times.Count == 0 ? "-" : $"{times[0]:0.0} s");
        Row("failover time after a true DC loss, max", times.Count == 0 ? "-" : $"{times[^1]:0.0} s");
        Row("failover time after a true DC loss, median", times.Count == 0 ? "-" : $"{times[times.Count / 2]:0.0} s");
        Row("writes sent", results.Sum(r => r.Stats.Sent));
        Row("writes acknowledged", results.Sum(r => r.Stats.Acked));
        Row("writes refused (never acknowledged)", results.Sum(r => r.Stats.Refused));
        Row("writes unanswered (host killed first, or run over)", results.Sum(r => r.Stats.Sent - r.Stats.Acked - r.Stats.Refused));
        text.AppendLine("Refusals by reason, and other events:");
        foreach (var reason in results.SelectMany(r => r.Stats.Reasons).GroupBy(p => p.Key).OrderByDescending(g => g.Sum(p => p.Value)))
        {
            Row(reason.Key, reason.Sum(p => p.Value));
        }

        text.AppendLine("Invariant violations (schedules violating each):");
        foreach (var invariant in Enum.GetValues<Invariant>())
        {
            var seeds = results.Where(r => r.Violations.Any(v => v.Invariant == invariant)).Select(r => r.Schedule.Seed).ToList();
            Row(invariant.ToString(), seeds.Count == 0 ? "0" : $"{seeds.Count} (seeds {string.Join(", ", seeds.Take(20))}{(seeds.Count > 20 ? ", ..." : "")})");
        }

        return text.ToString();
    }
}
