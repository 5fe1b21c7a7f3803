namespace Turtle.Twin.Failover;

/// <summary>One vantage point's view of a DC, with the report it comes from.</summary>
public sealed record VantageView(string From, VantageVerdict Verdict, string? Silo = null, double? ReportAgeSeconds = null);

/// <summary>A DC's judged health: the state, since when, and the evidence of each vantage point.</summary>
public sealed record DcHealth(string Dc, DcHealthState State, DateTimeOffset Since, IReadOnlyList<VantageView> Vantages)
{
    /// <summary>How many vantage points have lost the DC.</summary>
    public int LostVotes => Vantages.Count(v => v.Verdict == VantageVerdict.Lost);

    /// <summary>The evidence in one line for the decision log: <c>dc1: self lost, dc2 lost, dc3 sees</c>.</summary>
    public string Evidence => $"{Dc}: " + string.Join(", ", Vantages.Select(v =>
        $"{(v.From == Dc ? "self" : v.From)} {v.Verdict.ToString().ToLowerInvariant()}"));
}
