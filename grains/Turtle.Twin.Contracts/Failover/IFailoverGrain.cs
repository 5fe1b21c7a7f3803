namespace Turtle.Twin.Failover;

/// <summary>
/// The failover judge, keyed <see cref="Key"/>: judges each DC's health from the silos' vantage reports, runs the
/// failover state machine and keeps its epoch and decision log durably. Every silo ticks it about once a second
/// (so it lives on whichever active silo placement picks, and moves when that one dies) and reads its status.
/// </summary>
public interface IFailoverGrain : IGrainWithStringKey
{
    public const string Key = "failover";

    /// <summary>Evaluates when the report interval has passed since the last evaluation; returns the status.</summary>
    Task<FailoverStatus> Tick();

    [ReadOnly]
    Task<FailoverStatus> GetStatus();
}

/// <summary>
/// Where silos publish their vantage reports and the judge reads them: the cluster's store, which every DC reaches
/// on its own path, so a cut link between two DCs cannot also silence a DC's report.
/// </summary>
public interface IVantageBoard
{
    Task PublishAsync(VantageReport report, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<VantageReport>> ReadAllAsync(CancellationToken cancellationToken = default);
}

/// <summary>Thrown by a write at a silo that may not write now (a read-only observer, a failed-over DC, a lost lease).</summary>
public sealed class ReadOnlySiloException(string message) : InvalidOperationException(message);
