using Microsoft.Extensions.Options;
using Turtle.Actors.Lifecycle;
using Turtle.Twin.Changes;
using Turtle.Twin.Observations;
using Turtle.Twin.Twins;

namespace Turtle.Twin.Links;

/// <summary>What a link grain persists.</summary>
public sealed class LinkState
{
    public LinkTwin? Twin { get; set; }

    public DateTimeOffset LastReceived { get; set; }
}

/// <summary>
/// The twin of one network link, fed by its source host's probes. Status changes are written and announced at once,
/// RTT and loss changes at most once per quiet interval. A link not probed for several intervals reads as Unknown
/// (judged when read: a link has no one to tell but its reader).
/// </summary>
public sealed class NetworkLinkGrain(
    [PersistentState("link")] IPersistentState<LinkState> state,
    IOptions<TwinOptions> options,
    TimeProvider time) : Grain, INetworkLinkGrain
{
    private readonly QuietWrites _writes = new(time, options.Value.QuietWriteInterval);

    public async Task Observe(LinkObservation link, DateTimeOffset observedAt, double interval)
    {
        var before = state.State.Twin;
        if (before is not null && observedAt < before.LastSeen)
        {
            return;
        }

        var key = this.GetPrimaryKeyString();
        TwinKeys.TryParseLink(key, out var from, out var to);
        var after = (before ?? new LinkTwin { Key = key, From = from, To = to }) with
        {
            Version = (before?.Version ?? 0) + 1,
            Target = link.Target ?? before?.Target,
            RttMs = link.RttMs,
            JitterMs = link.JitterMs,
            LossPercent = link.LossPercent,
            Status = StatusOf(link),
            LastSeen = observedAt,
            Interval = interval,
        };
        state.State.Twin = after;
        state.State.LastReceived = time.GetUtcNow();
        var statusChanged = before is null || before.Status != after.Status;
        if (_writes.Due(important: statusChanged))
        {
            await state.WriteStateAsync();
        }

        if (before is null)
        {
            await GrainFactory.GetGrain<IFleetGrain>(TwinKeys.Fleet).RegisterLink(key);
        }

        _ = GrainFactory.GetGrain<IDataCenterGrain>(TwinKeys.DcOf(key)).ReportLink(after.ToSummary());
        if (statusChanged)
        {
            string[] changed = before is null ? ["created"] : ["status", "rttMs", "lossPercent"];
            _ = GrainFactory.GetGrain<IChangeFeedGrain>(IChangeFeedGrain.Key).Publish(new TwinChange(key, TwinKind.Link, after.Version, changed, time.GetUtcNow()));
        }
    }

    public Task<LinkTwin?> GetTwin()
    {
        var twin = state.State.Twin;
        var silence = time.GetUtcNow() - state.State.LastReceived;
        var stale = twin is not null && silence > TimeSpan.FromSeconds(twin.Interval * options.Value.LostContactIntervals);
        return Task.FromResult(stale ? twin! with { Status = LinkStatus.Unknown } : twin);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _writes.Pending ? state.WriteStateAsync(cancellationToken) : Task.CompletedTask;

    private LinkStatus StatusOf(LinkObservation link)
    {
        if (link.RttMs is null || link.LossPercent >= 100)
        {
            return LinkStatus.Down;
        }

        return link.LossPercent >= options.Value.LinkDegradedLossPercent || link.RttMs >= options.Value.LinkDegradedRttMs ? LinkStatus.Degraded : LinkStatus.Up;
    }
}
