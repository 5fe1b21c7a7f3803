namespace Turtle.Dashboard;

/// <summary>One silo as the cluster page shows it.</summary>
public sealed record SiloView(string Name, string Address, string Dc, string Role, string Status, DateTimeOffset StartTime, DateTimeOffset LastHeartbeat, int SuspicionVotes);

/// <summary>
/// What the dashboard can see of the cluster it runs in: the silos in membership and this process's activations per
/// grain type. A silo provides it; a standalone dashboard (a cluster client) may not, and the cluster page says so.
/// </summary>
public interface IClusterView
{
    /// <summary>The silo this dashboard runs in, or null for a client.</summary>
    string? LocalSilo { get; }

    IReadOnlyList<SiloView> Silos { get; }

    /// <summary>Activations per grain type in this process (empty for a client).</summary>
    IReadOnlyDictionary<string, int> LocalActivations();

    /// <summary>Starts counting this process's grain calls until disposed (null when it cannot count: a client).</summary>
    IDisposable? WatchCalls();

    /// <summary>Calls per grain method counted so far (cumulative: rates come from two readings).</summary>
    IReadOnlyList<MethodCalls> CallTotals();
}

/// <summary>One grain method's calls since counting began on this silo.</summary>
public sealed record MethodCalls(string Interface, string Method, long Calls, long Failures, double TotalMilliseconds, double MaxMilliseconds);

/// <summary>Summarises the silos of each DC for the fleet page ("2 active · 1 observer").</summary>
public static class DashboardRoles
{
    public static IReadOnlyDictionary<string, string> Of(IClusterView? cluster) =>
        cluster?.Silos.Where(s => s.Status is "Active" or "Joining")
            .GroupBy(s => s.Dc, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join(" · ", g.GroupBy(s => s.Role).Select(r => $"{r.Count()} {r.Key}")), StringComparer.Ordinal)
        ?? new Dictionary<string, string>();
}
