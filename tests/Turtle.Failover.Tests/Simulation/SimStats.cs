namespace Turtle.Failover.Tests.Simulation;

/// <summary>What one run counted: steps, writes sent, acknowledged and refused, and refusals by reason.</summary>
public sealed class SimStats
{
    public int Steps { get; set; }

    public int Sent { get; set; }

    public int Acked { get; set; }

    public int Refused { get; set; }

    public Dictionary<string, int> Reasons { get; } = [];

    public void Refuse(string reason)
    {
        Refused++;
        Count(reason);
    }

    public void Count(string reason) => Reasons[Reason(reason)] = Reasons.GetValueOrDefault(Reason(reason)) + 1;

    // "dc1 has failed over to other DCs (epoch 3)" and "dc1/g0 is active on dc1-a" count under one reason each.
    private static string Reason(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, @"dc\d(/g\d|-[ab])?|\(epoch \d+\)", m => m.Value.StartsWith('(') ? "(epoch n)" : "X").Trim();
}

/// <summary>One schedule's outcome.</summary>
public sealed record SimResult(
    Schedule Schedule, SimStats Stats, IReadOnlyList<Violation> Violations, TimeSpan? FailoverTime, int Promotions, int JudgeMoves, List<string> Trace);
