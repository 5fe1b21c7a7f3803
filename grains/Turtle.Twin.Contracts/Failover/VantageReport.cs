namespace Turtle.Twin.Failover;

/// <summary>
/// What one silo sees, published to the cluster's store about once a second: which other DCs it reaches, whether
/// that gives it a majority of DCs (its own counts), and how many silos of its own DC are alive.
/// </summary>
/// <remarks>
/// <see cref="Seq"/> grows with every report of the silo's life: the judge measures a report's age by when it saw the
/// number change, on its own monotonic clock, so clocks that disagree between sites cannot make a dead DC look fresh.
/// </remarks>
public sealed record VantageReport
{
    public required string Dc { get; init; }

    public required string Silo { get; init; }

    public required long Seq { get; init; }

    /// <summary>Every other voting DC, and whether this silo reaches it.</summary>
    public required IReadOnlyDictionary<string, bool> Reaches { get; init; }

    /// <summary>Its own DC plus the DCs it reaches make a majority of the voting DCs: it may hold a write lease.</summary>
    public bool HasMajority { get; init; }

    /// <summary>
    /// The <see cref="Seq"/> of the published majority report the silo's write lease now counts from (0: it holds none).
    /// A report without a majority says nothing about a lease still running from an earlier one; this does, so a judge
    /// that never saw that earlier report (it has just started, or the silo reported twice between two of its reads)
    /// knows to count the lease from now.
    /// </summary>
    public long LeaseSeq { get; init; }

    public int SilosAlive { get; init; } = 1;

    public int SilosKnown { get; init; } = 1;

    /// <summary>The silo's wall clock when it made the report: shown to people, never used to judge age.</summary>
    public DateTimeOffset Time { get; init; }
}
