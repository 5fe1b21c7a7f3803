using System.Net;
using Turtle.Twin.Observations;

namespace Turtle.Collector.Probes;

/// <summary>
/// Probes links by TCP connect: each round starts every link's <see cref="LinkProbe.Count"/> connects at once (links
/// side by side, and a link's probes side by side, so one lost probe does not use up the time of the next) and times
/// each handshake. A link's round ends at its <see cref="LinkProbe.Timeout"/> whatever the network does: a connect
/// still pending then is lost, and the round never keeps a sample waiting longer than the longest timeout.
/// A connection refused counts as lost too: the target is down to whoever needs it, though the host answered.
/// </summary>
public sealed class TcpLinkProber(IReadOnlyList<LinkProbe> links, ITcpConnector? connector = null, TimeProvider? time = null)
{
    private readonly ITcpConnector _connector = connector ?? SocketConnector.Instance;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>The links probed, in the order they are reported.</summary>
    public IReadOnlyList<LinkProbe> Links => links;

    /// <summary>Probes every link once; one observation per link, in the configured order.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<LinkObservation[]> ProbeAsync(CancellationToken cancellationToken = default)
    {
        var rounds = new Task<LinkObservation>[links.Count];
        for (var i = 0; i < rounds.Length; i++)
        {
            rounds[i] = ProbeLinkAsync(links[i], cancellationToken);
        }

        return await Task.WhenAll(rounds).ConfigureAwait(false);
    }

    private async Task<LinkObservation> ProbeLinkAsync(LinkProbe link, CancellationToken cancellationToken)
    {
        // The deadline runs on the time provider (tests move it by hand); every wait below ends at it even if the
        // connector ignores its token (a resolver that cannot be cancelled, say).
        using var timeout = new CancellationTokenSource(link.Timeout, _time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var rtts = new double?[link.Count];
        if (await EndpointAsync(link.Endpoint, deadline.Token).ConfigureAwait(false) is { } endpoint)
        {
            var probes = new Task<double?>[link.Count];
            for (var i = 0; i < probes.Length; i++)
            {
                probes[i] = ConnectAsync(endpoint, deadline.Token);
            }

            for (var i = 0; i < probes.Length; i++)
            {
                rtts[i] = await probes[i].ConfigureAwait(false);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        return LinkStatistics.Summarize(link, rtts);
    }

    /// <summary>The address to connect to: the configured one, or the first the resolver gives; null when the name does not resolve in time.</summary>
    private async Task<IPEndPoint?> EndpointAsync(HostPort target, CancellationToken deadline)
    {
        if (target.Address is { } address)
        {
            return new IPEndPoint(address, target.Port);
        }

        try
        {
            // Looked up every round, outside the timed connect: a name that moves is followed, and a slow resolver
            // shortens the round rather than inflating the RTT.
            var addresses = await _connector.ResolveAsync(target.Host, deadline).WaitAsync(deadline).ConfigureAwait(false);
            return addresses.Length > 0 ? new IPEndPoint(addresses[0], target.Port) : null;
        }
        catch (Exception exception) when (IsLostProbe(exception))
        {
            return null;
        }
    }

    /// <summary>One connect's round trip in milliseconds (Stopwatch ticks: the system time provider's timestamps are Stopwatch's); null when it did not connect.</summary>
    private async Task<double?> ConnectAsync(IPEndPoint endpoint, CancellationToken deadline)
    {
        var started = _time.GetTimestamp();
        try
        {
            await _connector.ConnectAsync(endpoint, deadline).WaitAsync(deadline).ConfigureAwait(false);
            return _time.GetElapsedTime(started).TotalMilliseconds;
        }
        catch (Exception exception) when (IsLostProbe(exception))
        {
            return null;
        }
    }

    /// <summary>
    /// Whatever stops a probe (refused, unreachable, no route, the deadline, a resolver error) is a lost probe, never
    /// a failed sample: the host's metrics must ship whatever the links do. The caller's own cancellation is checked
    /// once the round has ended.
    /// </summary>
    private static bool IsLostProbe(Exception exception) => exception is not OutOfMemoryException;
}
