using Microsoft.Extensions.Options;
using Turtle.Actors.Runtime.Membership;
using Turtle.Actors.Runtime.Placement;
using Turtle.Twin.Failover;

namespace Turtle.Silo.Failover;

/// <summary>
/// A silo's part in failover, once per report interval: probe a silo of every other voting DC, publish what it sees
/// to the store (a majority report renews its write lease), read every silo's report into this silo's
/// <see cref="DcSightings"/>, tick the failover judge and follow its status; when the
/// epoch changes, let go of the activations placement no longer allows here (grains of a failed DC move to the
/// survivors; after recovery they go home and the demoted observer lets go of all of them).
/// </summary>
public sealed class FailoverAgent(
    SiloAuthority authority,
    FailoverClock clock,
    IVantageBoard board,
    DcSightings sightings,
    IClusterMembership membership,
    ISiloProber prober,
    IGrainFactory grains,
    Actors.Runtime.Silo silo,
    IPlacementCheck placement,
    IOptions<FailoverOptions> options,
    TimeProvider time,
    ILogger<FailoverAgent> logger) : BackgroundService
{
    private bool _couldWrite;
    private (long, FailoverPhase, string?, string?)? _placedUnder;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.ReportInterval;
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            if (silo.Status != Actors.Runtime.SiloStatus.Active)
            {
                continue;
            }

            try
            {
                await RoundAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogDebug(exception, "Failover round failed; the next one comes in {Interval}", interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task RoundAsync(CancellationToken cancellationToken)
    {
        // Follow the judge first: a silo must know the newest status before it renews its lease with a report.
        try
        {
            await FollowJudgeAsync();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogDebug(exception, "The failover judge did not answer; following the last status known");
        }

        Rebalance();
        var takenAt = clock.Now;
        var reaches = await ProbeOtherDcsAsync(cancellationToken);
        var ownDc = membership.Snapshot.Entries.Select(r => r.Entry).Where(e => Same(e.Dc, authority.Dc)).ToList();
        var report = authority.Report(silo.Name, reaches,
            silosAlive: ownDc.Where(e => e.Status == SiloMembershipStatus.Active).Select(e => e.SiloName).Distinct().Count(),
            silosKnown: ownDc.Select(e => e.SiloName).Distinct().Count(),
            time.GetUtcNow());
        await board.PublishAsync(report, cancellationToken);
        authority.Published(report, takenAt);
        LetGoIfWriteRightLost();

        // Watch every silo's report, so the judge knows how old each one is from the moment it moves here.
        sightings.Observe(await board.ReadAllAsync(cancellationToken));
    }

    private async Task FollowJudgeAsync()
    {
        var status = await grains.GetGrain<IFailoverGrain>(IFailoverGrain.Key).Tick().WaitAsync(options.Value.ReportInterval * 2);
        authority.Follow(status);
        var now = authority.Status;
        var placement = (now.Epoch, now.Phase, now.FailedDc, now.PromotedDc);
        if (placement != _placedUnder)
        {
            _placedUnder = placement;
            logger.LogWarning("Failover status {Phase} under epoch {Epoch} (failed {Failed}, promoted {Promoted})",
                now.Phase, now.Epoch, now.FailedDc ?? "none", now.PromotedDc ?? "none");
        }
    }

    /// <summary>
    /// Lets go of the activations placement no longer allows here, every round: after a change of status, and also
    /// when a silo of a grain's home DC has joined since (a DC's twins wait elsewhere, unwritable, while none of its
    /// silos is up, and go home as soon as one is).
    /// </summary>
    private void Rebalance()
    {
        var leaving = silo.DeactivateWhere(id => placement.PlacedElsewhere(id) is not null,
            $"failover {authority.Status.Phase} under epoch {authority.Status.Epoch}: placement moved the grain");
        if (leaving > 0)
        {
            logger.LogWarning("{Count} activations leave this silo: placement under epoch {Epoch} puts them elsewhere", leaving, authority.Status.Epoch);
        }
    }

    /// <summary>
    /// A silo that has lost its right to write (its lease ran out, or its DC failed over) lets go of every activation
    /// once: they would hold state read under the old authority, and come back fresh where placement puts them.
    /// </summary>
    private void LetGoIfWriteRightLost()
    {
        var canWrite = authority.CanWrite(clock.Now, out var reason);
        if (_couldWrite && !canWrite)
        {
            var leaving = silo.DeactivateWhere(_ => true, $"write right lost: {reason}");
            logger.LogWarning("This silo may not write ({Reason}): {Count} activations let go", reason, leaving);
        }

        _couldWrite = canWrite;
    }

    /// <summary>Every other voting DC and whether any of its live silos answers a probe (all DCs probed at once).</summary>
    private async Task<IReadOnlyDictionary<string, bool>> ProbeOtherDcsAsync(CancellationToken cancellationToken)
    {
        var timeout = options.Value.ReportInterval * 0.75;
        var others = options.Value.VotingDcs.Where(dc => !Same(dc, authority.Dc)).ToList();
        var silos = membership.Snapshot.Entries.Select(r => r.Entry)
            .Where(e => e.Status is SiloMembershipStatus.Active or SiloMembershipStatus.Joining && e.Address != membership.LocalSilo)
            .ToList();
        var answers = await Task.WhenAll(others.Select(async dc =>
        {
            var probes = silos.Where(s => Same(s.Dc, dc)).Select(s => prober.ProbeAsync(s.Address, timeout, cancellationToken)).ToList();
            return (dc, reaches: probes.Count > 0 && (await Task.WhenAll(probes)).Any(answered => answered));
        }));
        return answers.ToDictionary(a => a.dc, a => a.reaches, StringComparer.OrdinalIgnoreCase);
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
