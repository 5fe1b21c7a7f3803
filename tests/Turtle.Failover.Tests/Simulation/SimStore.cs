using System.Collections.Immutable;

namespace Turtle.Failover.Tests.Simulation;

/// <summary>A grain's stored record: its version (the etag), the highest epoch written to it, and every write it holds.</summary>
public sealed record GrainRecord(long Version, long Epoch, ImmutableList<long> Writes)
{
    public static readonly GrainRecord Empty = new(0, 0, []);
}

/// <summary>Who holds a grain's single activation: a silo's name and the incarnation (restart count) that claimed it.</summary>
public sealed record DirectoryEntry(string Silo, int Incarnation);

/// <summary>One write the store accepted, with what the store knew when it did.</summary>
public sealed record AcceptedWrite(
    TimeSpan At, string Grain, long WriteId, string Silo, string Dc, long Epoch, long RecordEpochBefore, long StatusEpoch, string? StatusFailedDc);

/// <summary>
/// The shared store (PostgreSQL in the real system): silos' reports, the failover status under compare-and-swap,
/// the grain directory and grain records. A grain write is refused when its epoch is lower than the record's or the
/// status's (<see cref="Fencing"/>) or its version is not the one the writer read (etag). It keeps a log of every accepted write for the invariants.
/// </summary>
public sealed class SimStore
{
    private readonly Dictionary<string, VantageReport> _reports = [];
    private readonly Dictionary<string, (TimeSpan At, int Incarnation)> _reportedAt = [];
    private readonly Dictionary<string, GrainRecord> _grains = [];
    private readonly Dictionary<string, DirectoryEntry> _directory = [];

    public FailoverStatus Status { get; private set; } = new();

    public long StatusVersion { get; private set; }

    public List<AcceptedWrite> Accepted { get; } = [];

    /// <summary>Every status the store accepted, in order (the invariants read the promotions).</summary>
    public event Action<FailoverStatus>? StatusWritten;

    public IEnumerable<VantageReport> Reports => _reports.Values;

    public void Publish(VantageReport report, int incarnation, TimeSpan now)
    {
        _reports[report.Silo] = report;
        _reportedAt[report.Silo] = (now, incarnation);
    }

    /// <summary>How long ago (true time, the store's clock) the silo last reported, and as which incarnation.</summary>
    public (TimeSpan Age, int Incarnation)? LastReport(string silo, TimeSpan now) =>
        _reportedAt.TryGetValue(silo, out var r) ? (now - r.At, r.Incarnation) : null;

    public bool TryWriteStatus(FailoverStatus status, long expectedVersion)
    {
        if (expectedVersion != StatusVersion)
        {
            return false;
        }

        Status = status;
        StatusVersion++;
        StatusWritten?.Invoke(status);
        return true;
    }

    public GrainRecord Read(string grain) => _grains.GetValueOrDefault(grain, GrainRecord.Empty);

    public DirectoryEntry? Owner(string grain) => _directory.GetValueOrDefault(grain);

    /// <summary>Claims the grain's activation if the entry is still the one the claimer read.</summary>
    public bool TryClaim(string grain, DirectoryEntry? expected, DirectoryEntry claim)
    {
        if (_directory.GetValueOrDefault(grain) != expected)
        {
            return false;
        }

        _directory[grain] = claim;
        return true;
    }

    public WriteOutcome TryWrite(string grain, long writeId, long expectedVersion, long epoch, string silo, string dc, TimeSpan now)
    {
        var record = Read(grain);
        if (!Fencing.Admits(epoch, record.Epoch, Status.Epoch))
        {
            return WriteOutcome.StaleEpoch;
        }

        if (expectedVersion != record.Version)
        {
            return WriteOutcome.VersionConflict;
        }

        _grains[grain] = new GrainRecord(record.Version + 1, Math.Max(epoch, record.Epoch), record.Writes.Add(writeId));
        Accepted.Add(new AcceptedWrite(now, grain, writeId, silo, dc, epoch, record.Epoch, Status.Epoch, Status.FailedDc));
        return WriteOutcome.Accepted;
    }
}

public enum WriteOutcome
{
    Accepted,
    StaleEpoch,
    VersionConflict,
}
