using Microsoft.Extensions.Options;
using Turtle.Actors.Storage;
using Turtle.Twin.Failover;

namespace Turtle.Silo.Failover;

/// <summary>
/// Vantage reports kept in the cluster's grain storage, one record per DC holding each of its silos' latest report.
/// Silos write it directly, not through a grain: a grain could be placed behind the very link that is cut, and then
/// a DC that is only partitioned from one other DC would look silent to the judge.
/// </summary>
public sealed class StoreVantageBoard(IGrainStorage storage, IOptions<FailoverOptions> options) : IVantageBoard
{
    private const string StateName = "vantage";
    private const string GrainType = "sys.vantage";
    private const int Attempts = 5;

    public async Task PublishAsync(VantageReport report, CancellationToken cancellationToken = default)
    {
        var id = new GrainId(GrainType, report.Dc.ToLowerInvariant());
        for (var attempt = 1; ; attempt++)
        {
            var record = new Record();
            await storage.ReadStateAsync(StateName, id, record, cancellationToken);
            record.State.Silos[report.Silo] = report;
            try
            {
                await storage.WriteStateAsync(StateName, id, record, cancellationToken);
                return;
            }
            catch (InconsistentStateException) when (attempt < Attempts)
            {
                // Another silo of the DC published in between: read theirs and add ours again.
            }
        }
    }

    public async Task<IReadOnlyList<VantageReport>> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        var reports = new List<VantageReport>();
        foreach (var dc in options.Value.VotingDcs)
        {
            var record = new Record();
            await storage.ReadStateAsync(StateName, new GrainId(GrainType, dc.ToLowerInvariant()), record, cancellationToken);
            reports.AddRange(record.State.Silos.Values);
        }

        return reports;
    }

    /// <summary>One DC's reports, by silo name.</summary>
    public sealed class Reports
    {
        public Dictionary<string, VantageReport> Silos { get; set; } = new(StringComparer.Ordinal);
    }

    private sealed class Record : IGrainState<Reports>
    {
        public Reports State { get; set; } = new();

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }
    }
}
