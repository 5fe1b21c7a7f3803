using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace Turtle.Silo.Tests;

/// <summary>
/// The three-DC drill with real processes and PostgreSQL: kill -9 dc1's silo, dc3 is promoted, dc1's host keeps
/// updating through its writer's gateway failover, dc1 comes back and its twins go home after the hysteresis
/// window; every acknowledged observation is in history exactly once. The observer refuses writes, serves reads
/// from its replicas, and catches up after its own restart.
/// </summary>
public class ThreeDcFailoverTests(ITestOutputHelper output)
{
    // Whole seconds: PostgreSQL keeps microseconds, so a sub-microsecond origin would put a sample a hair before its
    // one-second bucket and into the previous one.
    private static readonly DateTimeOffset Origin = new(DateTimeOffset.UtcNow.AddHours(-1).UtcTicks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);

    [Fact]
    public async Task Kill_9_of_dc1_promotes_dc3_then_dc1_takes_its_twins_home_without_losing_acknowledged_writes()
    {
        await using var cluster = await ThreeDcCluster.StartAsync(recoveryHysteresis: TimeSpan.FromSeconds(5));
        await ThreeDcCluster.WaitForAsync(() => ThreeDcCluster.AllDcsUpAsync(cluster.Dc2), TimeSpan.FromSeconds(60), "all three DCs judged Up");

        await AssertObserverRefusesWritesAsync(cluster);

        using var stop = new CancellationTokenSource();
        var edge = new GatewayWriter("dc1", "edge", [cluster.Dc1, cluster.Dc2]);
        var core = new GatewayWriter("dc2", "core", [cluster.Dc2, cluster.Dc1]);
        var writers = new[] { edge.RunAsync(stop.Token), core.RunAsync(stop.Token) };
        try
        {
            await ThreeDcCluster.WaitForAsync(() => Task.FromResult(edge.Acknowledged.Count >= 30), TimeSpan.FromSeconds(60), "30 acknowledged writes of dc1/edge");

            // The observer answers from its replicas, close behind the twins.
            await ThreeDcCluster.WaitForAsync(async () => (await cluster.Dc3.Http.GetAsync("/api/v1/hosts/dc1/edge")).IsSuccessStatusCode,
                TimeSpan.FromSeconds(30), "dc1/edge's replica at the observer");
            await ThreeDcCluster.WaitForAsync(async () => (await cluster.Dc3.Http.GetFromJsonAsync<JsonElement>("/api/v1/replication")).GetProperty("lag").GetProperty("changes").GetInt32() >= 50,
                TimeSpan.FromSeconds(45), "50 changes through the observer's change feed");
            var replication = await cluster.Dc3.Http.GetFromJsonAsync<JsonElement>("/api/v1/replication");
            var lagP99 = replication.GetProperty("lag").GetProperty("p99Ms").GetDouble();
            output.WriteLine($"observer replication lag at steady load: p50 {replication.GetProperty("lag").GetProperty("p50Ms").GetDouble():0} ms, p99 {lagP99:0} ms over {replication.GetProperty("lag").GetProperty("changes").GetInt32()} changes");
            Assert.True(lagP99 < 1000, $"replication lag p99 {lagP99:0} ms");
            // The same lag as Prometheus sees it: every applied change was timed.
            var metrics = Telemetry.PrometheusText.Parse(await cluster.Dc3.Http.GetStringAsync("/metrics"));
            var applied = Telemetry.MetricsEndpointTests.Value(metrics, "turtle_replication_applied_total");
            Assert.True(applied >= 50, $"turtle_replication_applied_total {applied}");
            Assert.True(Telemetry.MetricsEndpointTests.Value(metrics, "turtle_replication_lag_seconds_count") >= 50);
            Telemetry.MetricsEndpointTests.AssertHistogramsConsistent(metrics);

            var killed = Stopwatch.StartNew();
            cluster.Dc1.KillHard();
            var acksAtKill = edge.Acknowledged.Count;
            await ThreeDcCluster.WaitForAsync(async () => await ThreeDcCluster.PhaseAsync(cluster.Dc2) == "Promoted", TimeSpan.FromSeconds(60), "dc3 promoted");
            var promotedAfter = killed.Elapsed;
            output.WriteLine($"dc3 promoted {promotedAfter.TotalSeconds:0.0} s after kill -9 of dc1");
            Assert.True(promotedAfter < TimeSpan.FromSeconds(30), $"promotion took {promotedAfter}");

            await ThreeDcCluster.WaitForAsync(() => Task.FromResult(edge.Acknowledged.Count >= acksAtKill + 20), TimeSpan.FromSeconds(30),
                "dc1/edge still taking writes through dc2 after the failover");
            output.WriteLine($"dc1/edge: {edge.Acknowledged.Count - acksAtKill} writes acknowledged through dc2 since the kill");

            cluster.Dc1.Restart();
            await cluster.Dc1.WaitReadyAsync(TimeSpan.FromSeconds(60));
            var restarted = Stopwatch.StartNew();
            await ThreeDcCluster.WaitForAsync(async () => await ThreeDcCluster.PhaseAsync(cluster.Dc2) == "Normal", TimeSpan.FromSeconds(90), "back to Normal");
            output.WriteLine($"back to Normal {restarted.Elapsed.TotalSeconds:0.0} s after dc1 was ready again (hysteresis 5 s)");
            var acksAtReturn = edge.Acknowledged.Count;
            await ThreeDcCluster.WaitForAsync(() => Task.FromResult(edge.Acknowledged.Count >= acksAtReturn + 20), TimeSpan.FromSeconds(30), "dc1/edge writable at home again");
        }
        catch (TimeoutException)
        {
            // What each silo follows, and the judge's log, say where it stuck.
            foreach (var silo in cluster.All)
            {
                var seen = await ThreeDcCluster.FailoverAsync(silo);
                output.WriteLine($"silo {silo.HttpPort}: {seen?.GetProperty("thisSilo")}");
                foreach (var decision in seen?.GetProperty("status").GetProperty("decisions").EnumerateArray() ?? default)
                {
                    output.WriteLine($"  {decision}");
                }
            }

            output.WriteLine($"edge's last refusal: {edge.LastRefusal}");
            throw;
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        var view = (await ThreeDcCluster.FailoverAsync(cluster.Dc2))!.Value;
        var decisions = view.GetProperty("status").GetProperty("decisions").EnumerateArray().Select(d => d.GetProperty("decision").GetString()!).ToList();
        foreach (var decision in decisions)
        {
            output.WriteLine($"  decision: {decision}");
        }

        Assert.Equal(2, view.GetProperty("status").GetProperty("epoch").GetInt64());
        Assert.Single(decisions, d => d.Contains("dc1 declared down", StringComparison.Ordinal));
        Assert.Single(decisions, d => d.Contains("dc3 promoted under epoch 1", StringComparison.Ordinal));
        Assert.Single(decisions, d => d.Contains("dc3 demoted under epoch 2", StringComparison.Ordinal));

        foreach (var writer in new[] { edge, core })
        {
            var (lost, duplicated) = await CountInHistoryAsync(cluster.Dc2, writer);
            output.WriteLine($"{writer.Key}: {writer.Acknowledged.Count} acknowledged, {writer.Refused} refused or failed, {lost.Count} lost, {duplicated} stored twice");
            if (lost.Count > 0)
            {
                // Evidence for a failure: the twin's last sample time, and the stored points around the end.
                foreach (var silo in cluster.All)
                {
                    output.WriteLine($"twin at {silo.HttpPort}: lastSeen {await LastSeenAsync(silo, writer.Key):O}");
                }

                var max = writer.Acknowledged.Keys.Max();
                var tail = await silo2History(cluster.Dc2, writer.Key, Origin.AddSeconds(max - 3), Origin.AddSeconds(max + 30));
                output.WriteLine($"stored near the end (origin {Origin:O}): {tail}");
            }

            Assert.True(lost.Count == 0, string.Join("; ", lost));
            Assert.Equal(0, duplicated);
        }
    }

    [Fact]
    public async Task The_observer_catches_up_after_its_own_restart()
    {
        await using var cluster = await ThreeDcCluster.StartAsync(recoveryHysteresis: TimeSpan.FromSeconds(5));
        await ThreeDcCluster.WaitForAsync(() => ThreeDcCluster.AllDcsUpAsync(cluster.Dc2), TimeSpan.FromSeconds(60), "all three DCs judged Up");
        var writer = new GatewayWriter("dc2", "steady", [cluster.Dc2]);
        using var stop = new CancellationTokenSource();
        var writing = writer.RunAsync(stop.Token);
        try
        {
            await ThreeDcCluster.WaitForAsync(async () => (await cluster.Dc3.Http.GetAsync("/api/v1/hosts/dc2/steady")).IsSuccessStatusCode,
                TimeSpan.FromSeconds(30), "the replica at the observer");
            cluster.Dc3.KillHard();
            var acksWhileDown = writer.Acknowledged.Count;
            await ThreeDcCluster.WaitForAsync(() => Task.FromResult(writer.Acknowledged.Count >= acksWhileDown + 20), TimeSpan.FromSeconds(30), "writes while the observer is down");
            await stop.CancelAsync();
            await writing;

            var last = writer.Acknowledged.Keys.Max();
            var lastTime = Origin.AddSeconds(last);
            cluster.Dc3.Restart();
            await cluster.Dc3.WaitReadyAsync(TimeSpan.FromSeconds(60));
            var restarted = Stopwatch.StartNew();
            await ThreeDcCluster.WaitForAsync(async () => await LastSeenAsync(cluster.Dc3, "dc2/steady") >= lastTime, TimeSpan.FromSeconds(30),
                "the observer's replica caught up with the last write made while it was down");
            output.WriteLine($"observer caught up {restarted.Elapsed.TotalSeconds:0.0} s after it was ready again");
            var refused = await cluster.Dc3.Http.PostAsync("/api/v1/observations", ThreeDcCluster.Observation("dc2", "steady", last + 1, lastTime.AddSeconds(1)));
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        }
        finally
        {
            await stop.CancelAsync();
            await writing;
        }
    }

    private async Task AssertObserverRefusesWritesAsync(ThreeDcCluster cluster)
    {
        var response = await cluster.Dc3.Http.PostAsync("/api/v1/observations", ThreeDcCluster.Observation("dc3", "refused", 1, Origin));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        output.WriteLine($"observer's answer to a write: {(int)response.StatusCode} {body}");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Read-only observer", body.GetProperty("title").GetString());
        var gateways = body.GetProperty("activeGateways").EnumerateArray().Select(g => g.GetProperty("dc").GetString()).ToList();
        Assert.Equal(["dc1", "dc2"], gateways);
        Assert.Equal(HttpStatusCode.NotFound, (await cluster.Dc2.Http.GetAsync("/api/v1/hosts/dc3/refused")).StatusCode);
    }

    /// <summary>Acknowledged sequence numbers missing from history, and ones stored more than once (each write has its own second).</summary>
    private static async Task<(IReadOnlyList<string> Lost, int Duplicated)> CountInHistoryAsync(SiloProcess silo, GatewayWriter writer)
    {
        var from = Uri.EscapeDataString(Origin.AddSeconds(-1).ToString("O", CultureInfo.InvariantCulture));
        var to = Uri.EscapeDataString(Origin.AddSeconds(writer.Acknowledged.Keys.Max() + 1).ToString("O", CultureInfo.InvariantCulture));
        using var json = JsonDocument.Parse(await silo.Http.GetStringAsync($"/api/v1/history?entity={writer.Key}&metric=cpu.percent&from={from}&to={to}&step=00:00:01"));
        var stored = json.RootElement.EnumerateArray()
            .SelectMany(series => series.GetProperty("points").EnumerateArray())
            .Where(p => p.GetProperty("count").GetInt32() > 0)
            .ToDictionary(p => (long)Math.Round((p.GetProperty("time").GetDateTimeOffset() - Origin).TotalSeconds), p => p.GetProperty("count").GetInt32());
        return (writer.Acknowledged.Where(a => !stored.ContainsKey(a.Key)).Select(a => $"seq {a.Key} acknowledged by {a.Value}").ToList(),
            stored.Values.Count(c => c > 1));
    }

    private static async Task<string> silo2History(SiloProcess silo, string key, DateTimeOffset from, DateTimeOffset to)
    {
        string F(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("O", CultureInfo.InvariantCulture));
        return await silo.Http.GetStringAsync($"/api/v1/history?entity={key}&metric=cpu.percent&from={F(from)}&to={F(to)}&step=00:00:01");
    }

    private static async Task<DateTimeOffset> LastSeenAsync(SiloProcess silo, string host)
    {
        using var response = await silo.Http.GetAsync($"/api/v1/hosts/{host}");
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("lastSeen").GetDateTimeOffset()
            : DateTimeOffset.MinValue;
    }

    /// <summary>
    /// What a collector does, reduced to its shipping rule: one observation every 100 ms with the next sequence number
    /// (its time one second after the previous one's, so each has a history bucket of its own), sent to the first
    /// gateway that accepts it, the same one again until it is acknowledged.
    /// </summary>
    private sealed class GatewayWriter(string dc, string host, IReadOnlyList<SiloProcess> gateways)
    {
        public string Key => $"{dc}/{host}";

        public ConcurrentDictionary<long, string> Acknowledged { get; } = new();

        public int Refused { get; private set; }

        /// <summary>The last refusal or failure, for the message of a test that waited in vain.</summary>
        public string? LastRefusal { get; private set; }

        public async Task RunAsync(CancellationToken stop)
        {
            for (long seq = 1; !stop.IsCancellationRequested && seq < 3_000;)
            {
                foreach (var gateway in gateways)
                {
                    try
                    {
                        using var response = await gateway.Http.PostAsync("/api/v1/observations", ThreeDcCluster.Observation(dc, host, seq, Origin.AddSeconds(seq)), stop);
                        if (response.StatusCode == HttpStatusCode.Accepted)
                        {
                            Acknowledged[seq++] = $"{gateway.HttpPort} at {DateTime.UtcNow:HH:mm:ss.fff}";
                            break;
                        }

                        LastRefusal = $"{gateway.HttpPort}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(CancellationToken.None)}";
                    }
                    catch (OperationCanceledException) when (stop.IsCancellationRequested)
                    {
                        return;
                    }
                    catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                    {
                        LastRefusal = $"{gateway.HttpPort}: {exception.Message}";
                    }

                    Refused++;
                }

                await Task.Delay(100, CancellationToken.None);
            }
        }
    }
}
