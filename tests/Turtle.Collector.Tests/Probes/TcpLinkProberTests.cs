using System.Net;
using System.Net.Sockets;
using Turtle.Actors.Testing;
using Turtle.Collector.Probes;

namespace Turtle.Collector.Tests.Probes;

/// <summary>
/// Link probes against real sockets on 127.0.0.1 (and no other address), and against a connector whose connects last
/// exactly as long as the test says, on a manual clock, for timeouts and the statistics.
/// </summary>
public sealed class TcpLinkProberTests : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    // Bound but not listening: the kernel answers a connect with a reset, and holding the port means nothing else can
    // start listening on it while the test runs (a port merely closed could be taken by another program meanwhile).
    private readonly Socket _closed = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public TcpLinkProberTests()
    {
        _listener.Start();
        _closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    }

    private int ListeningPort => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private int ClosedPort => ((IPEndPoint)_closed.LocalEndPoint!).Port;

    public void Dispose()
    {
        _listener.Dispose();
        _closed.Dispose();
    }

    [Fact]
    public async Task A_listening_port_answers_every_probe()
    {
        // The kernel completes the handshake from the listen backlog, so nothing needs to accept.
        var prober = new TcpLinkProber([Probe("dc2/gw", $"127.0.0.1:{ListeningPort}", count: 3, timeoutSeconds: 10)]);

        var link = Assert.Single(await prober.ProbeAsync());

        Assert.Equal("dc2/gw", link.To);
        Assert.Equal($"127.0.0.1:{ListeningPort}", link.Target);
        Assert.Equal(0, link.LossPercent);
        Assert.InRange(link.RttMs!.Value, 0, 10_000);
        Assert.NotNull(link.JitterMs);
    }

    [Fact]
    public async Task A_port_nobody_listens_on_loses_every_probe()
    {
        var prober = new TcpLinkProber([Probe("dc2", $"127.0.0.1:{ClosedPort}", count: 3, timeoutSeconds: 10)]);

        var link = Assert.Single(await prober.ProbeAsync());

        Assert.Null(link.RttMs);
        Assert.Null(link.JitterMs);
        Assert.Equal(100, link.LossPercent);
    }

    [Fact]
    public async Task Links_are_reported_in_their_configured_order_each_with_its_own_result()
    {
        var prober = new TcpLinkProber(
        [
            Probe("dc2/down", $"127.0.0.1:{ClosedPort}"),
            Probe("dc2/up", $"127.0.0.1:{ListeningPort}"),
            Probe("dc3", $"127.0.0.1:{ClosedPort}", count: 1),
        ]);

        var links = await prober.ProbeAsync();

        Assert.Equal(["dc2/down", "dc2/up", "dc3"], links.Select(l => l.To));
        Assert.Equal([100.0, 0.0, 100.0], links.Select(l => l.LossPercent));
    }

    [Fact]
    public async Task Connect_times_are_measured_on_the_providers_clock_from_each_probes_own_start()
    {
        var time = new ManualTimeProvider();
        var connector = new ScriptedConnector(time, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(20));
        var prober = new TcpLinkProber([Probe("dc2/gw", "10.0.2.1:22")], connector, time);

        var link = Assert.Single(await prober.ProbeAsync());

        Assert.Equal(20, link.RttMs);
        Assert.Equal(15, link.JitterMs);
        Assert.Equal(0, link.LossPercent);
        Assert.Equal(Enumerable.Repeat(new IPEndPoint(IPAddress.Parse("10.0.2.1"), 22), 3), connector.Connected);
    }

    [Fact]
    public async Task A_connect_that_never_ends_is_lost_when_the_round_times_out_and_the_round_waits_no_longer()
    {
        var time = new ManualTimeProvider();
        var connector = new ScriptedConnector(time, TimeSpan.FromMilliseconds(5), null, TimeSpan.FromMilliseconds(7)); // the second hangs
        var prober = new TcpLinkProber([Probe("dc2/gw", "10.0.2.1:22", timeoutSeconds: 1)], connector, time);

        var round = prober.ProbeAsync();
        time.Advance(TimeSpan.FromMilliseconds(987)); // 12 ms went by in the connects: 999 ms since the round began
        Assert.False(round.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var link = Assert.Single(await round.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(6, link.RttMs);
        Assert.Equal(2, link.JitterMs);
        Assert.Equal(33.333, link.LossPercent);
        Assert.True(connector.HangingTokens.Single().IsCancellationRequested, "the hanging connect was told to give up");
    }

    [Fact]
    public async Task The_round_ends_at_the_deadline_even_if_the_connector_ignores_cancellation()
    {
        var time = new ManualTimeProvider();
        var connector = new ScriptedConnector(time, (TimeSpan?)null) { IgnoresCancellation = true };
        var prober = new TcpLinkProber([Probe("dc2/gw", "10.0.2.1:22", count: 1, timeoutSeconds: 2)], connector, time);

        var round = prober.ProbeAsync();
        time.Advance(TimeSpan.FromSeconds(2));
        var link = Assert.Single(await round.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(100, link.LossPercent);
    }

    [Fact]
    public async Task Links_are_probed_side_by_side_so_the_round_lasts_as_long_as_the_longest_timeout()
    {
        var time = new ManualTimeProvider();
        var connector = new ScriptedConnector(time, null, null);
        var prober = new TcpLinkProber([Probe("dc2/a", "10.0.2.1:22", count: 1, timeoutSeconds: 1), Probe("dc2/b", "10.0.2.2:22", count: 1, timeoutSeconds: 3)], connector, time);

        var round = prober.ProbeAsync();
        Assert.Equal(2, connector.Connected.Count); // both started before either timed out
        time.Advance(TimeSpan.FromSeconds(2.9));
        Assert.False(round.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.1));
        var links = await round.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(links, l => Assert.Equal(100, l.LossPercent));
    }

    [Fact]
    public async Task A_name_is_resolved_each_round_and_its_first_address_probed()
    {
        var time = new ManualTimeProvider();
        var connector = new ScriptedConnector(time, TimeSpan.FromMilliseconds(3)) { Addresses = [IPAddress.Parse("10.0.2.9"), IPAddress.Parse("10.0.2.8")] };
        var prober = new TcpLinkProber([Probe("dc2/gw", "gw.dc2:2222", count: 1)], connector, time);

        var link = Assert.Single(await prober.ProbeAsync());

        Assert.Equal(3, link.RttMs);
        Assert.Equal(["gw.dc2"], connector.Resolved);
        Assert.Equal([new IPEndPoint(IPAddress.Parse("10.0.2.9"), 2222)], connector.Connected);
    }

    [Fact]
    public async Task A_name_that_does_not_resolve_loses_the_round_without_connecting()
    {
        var time = new ManualTimeProvider();
        var connector = new ScriptedConnector(time, TimeSpan.Zero) { Addresses = [] };
        var prober = new TcpLinkProber([Probe("dc2/gw", "gw.dc2:22")], connector, time);

        var link = Assert.Single(await prober.ProbeAsync());

        Assert.Equal(100, link.LossPercent);
        Assert.Empty(connector.Connected);
    }

    [Fact]
    public async Task The_callers_cancellation_ends_the_round_with_an_exception_not_a_loss()
    {
        var time = new ManualTimeProvider();
        var prober = new TcpLinkProber([Probe("dc2/gw", "10.0.2.1:22")], new ScriptedConnector(time, null, null, null), time);
        using var stop = new CancellationTokenSource();

        var round = prober.ProbeAsync(stop.Token);
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => round);
    }

    private static LinkProbe Probe(string to, string target, int count = 3, double timeoutSeconds = 1) =>
        LinkProbe.From(new() { To = to, Target = target, Count = count, TimeoutSeconds = timeoutSeconds });

    /// <summary>
    /// Each connect, in the order started, takes its scripted time on the manual clock and succeeds, or (null) never
    /// ends until cancelled. Name lookups answer <see cref="Addresses"/>.
    /// </summary>
    private sealed class ScriptedConnector(ManualTimeProvider time, params TimeSpan?[] connects) : ITcpConnector
    {
        private int _next;

        public IPAddress[] Addresses { get; init; } = [IPAddress.Parse("10.0.2.1")];

        public bool IgnoresCancellation { get; init; }

        public List<string> Resolved { get; } = [];

        public List<IPEndPoint> Connected { get; } = [];

        /// <summary>The tokens given to the connects that hang, to see they were told to give up.</summary>
        public List<CancellationToken> HangingTokens { get; } = [];

        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
        {
            Resolved.Add(host);
            return Task.FromResult(Addresses);
        }

        public async Task ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
        {
            Connected.Add(endpoint);
            if (connects[_next++] is { } takes)
            {
                time.Advance(takes);
                return;
            }

            HangingTokens.Add(cancellationToken);
            var never = new TaskCompletionSource();
            await (IgnoresCancellation ? never.Task : never.Task.WaitAsync(cancellationToken));
        }
    }
}
