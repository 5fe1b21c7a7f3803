using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Turtle.Twin.Benchmarks;

/// <summary>
/// Observations per second through <c>POST /api/v1/observations</c> from simulated hosts (one batch of
/// <see cref="SamplesPerObservation"/> samples per request, hosts in turn so each host's sequence stays ordered), and
/// the update latency from sending a batch to receiving its host's change event on <c>/api/v1/changes</c>. The
/// baseline is the same silo answering <c>GET /health/live</c> at the same concurrency.
/// </summary>
internal static class IngestBenchmark
{
    public const int SamplesPerObservation = 23;

    public static async Task RunAsync(BenchSilo silo, int hosts, TimeSpan duration, int concurrency)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency + 4, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = silo.Address,
            Timeout = TimeSpan.FromSeconds(30),
        };

        var baseline = await RunLoadAsync(concurrency, TimeSpan.FromSeconds(5), async _ =>
        {
            using var response = await http.GetAsync("/health/live");
            return response.IsSuccessStatusCode;
        });
        Figures.Print("ingest_baseline_health_requests_per_second", baseline.PerSecond, "req/s");
        Figures.Print("ingest_baseline_health_latency_p99", baseline.P99Ms, "ms");

        using var stop = new CancellationTokenSource();
        var sent = new ConcurrentDictionary<long, long>();
        var follower = new ChangeFollower(silo.Address, sent);
        var following = follower.RunAsync(stop.Token);
        await follower.Ready.WaitAsync(TimeSpan.FromSeconds(30));

        var next = new StrongBox<long>(-1);
        // Warm-up: every host's twin activates once, so the measured run is the steady state of a known fleet.
        var warmup = await RunLoadAsync(concurrency, TimeSpan.FromSeconds(60), _ => PostNextAsync(http, hosts, next, sent), maxOperations: hosts);
        Figures.Print("ingest_warmup_observations", warmup.Count, "observations");
        follower.Reset();

        var run = await RunLoadAsync(concurrency, duration, _ => PostNextAsync(http, hosts, next, sent));
        Figures.Print("ingest_observations_per_second", run.PerSecond, "obs/s");
        Figures.Print("ingest_samples_per_second", run.PerSecond * SamplesPerObservation, "samples/s");
        Figures.Print("ingest_request_latency_p50", run.P50Ms, "ms");
        Figures.Print("ingest_request_latency_p99", run.P99Ms, "ms");
        Figures.Print("ingest_failed_requests", run.Failures, "requests");
        Figures.Print("ingest_ratio_to_health_baseline", run.PerSecond / baseline.PerSecond, "x");

        await Task.Delay(1000); // the last changes in flight
        await stop.CancelAsync();
        await following.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var latencies = follower.Latencies();
        Figures.Print("twin_update_latency_events", latencies.Length, "events");
        Figures.Print("twin_update_latency_p50", Percentile(latencies, 50), "ms");
        Figures.Print("twin_update_latency_p99", Percentile(latencies, 99), "ms");
        Figures.Print("twin_update_events_lost", follower.Lost, "events");
    }

    private static async Task<bool> PostNextAsync(HttpClient http, int hosts, StrongBox<long> next, ConcurrentDictionary<long, long> sent)
    {
        var n = Interlocked.Increment(ref next.Value);
        var host = (int)(n % hosts);
        var seq = (n / hosts) + 1;
        using var content = new ByteArrayContent(Body(host, seq));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        sent[Key(host, seq)] = Stopwatch.GetTimestamp();
        using var response = await http.PostAsync("/api/v1/observations", content);
        return response.StatusCode == HttpStatusCode.Accepted;
    }

    internal static long Key(int host, long seq) => (seq << 20) | (uint)host;

    internal static string HostName(int host) => $"h{host:D5}";

    /// <summary>A realistic batch: CPU by mode, load, memory and swap, one filesystem, one disk, one interface (23 samples).</summary>
    private static byte[] Body(int host, long seq)
    {
        var cpu = (host * 7 + seq * 13) % 100;
        return Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $$$"""
            {"schema":"turtle.observation/v1","collector":"bench-{{{host}}}","seq":{{{seq}}},"dc":"dc{{{1 + (host % 2)}}}","host":"{{{HostName(host)}}}","interval":5,
             "metrics":{"cpu":{"percent":{{{cpu}}},"user":{{{cpu * 0.6}}},"system":{{{cpu * 0.3}}},"iowait":1.5,"steal":0},
              "load":{"avg1":{{{cpu / 25.0}}},"avg5":1.1,"avg15":0.9},
              "memory":{"totalBytes":8589934592,"availableBytes":{{{4294967296 + (seq % 1000) * 1048576}}},"swapTotalBytes":2147483648,"swapUsedBytes":1048576},
              "filesystems":[{"mount":"/","sizeBytes":107374182400,"usedBytes":{{{53687091200 + seq * 4096}}},"inodesUsedPercent":12}],
              "disks":[{"name":"sda","readBytesPerSec":{{{seq % 5000}}},"writeBytesPerSec":204800,"utilPercent":3.5}],
              "interfaces":[{"name":"eth0","rxBytesPerSec":{{{125000 + seq}}},"txBytesPerSec":98000,"rxErrorsPerSec":0,"txErrorsPerSec":0,"rxDropsPerSec":0,"txDropsPerSec":0}]}}
            """));
    }

    private sealed record LoadResult(long Count, long Failures, double PerSecond, double P50Ms, double P99Ms);

    /// <summary>Runs <paramref name="operation"/> from <paramref name="workers"/> loops until <paramref name="duration"/> passes or <paramref name="maxOperations"/> are done.</summary>
    private static async Task<LoadResult> RunLoadAsync(int workers, TimeSpan duration, Func<int, Task<bool>> operation, long maxOperations = long.MaxValue)
    {
        long count = 0, failures = 0;
        var latencies = new ConcurrentBag<double[]>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            var mine = new List<double>();
            while (clock.Elapsed < duration && Interlocked.Increment(ref count) <= maxOperations)
            {
                var start = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    ok = await operation(worker);
                }
                catch (HttpRequestException)
                {
                    ok = false;
                }

                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (!ok)
                {
                    Interlocked.Increment(ref failures);
                }
            }

            latencies.Add([.. mine]);
        })));
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).ToArray();
        return new LoadResult(all.Length, failures, all.Length / elapsed, Percentile(all, 50), Percentile(all, 99));
    }

    private static double Percentile(double[] values, double percentile)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }

        Array.Sort(values);
        return values[Math.Clamp((int)Math.Ceiling(percentile / 100 * values.Length) - 1, 0, values.Length - 1)];
    }

    /// <summary>Reads the change feed's server-sent events and matches each host change to the batch that caused it.</summary>
    private sealed class ChangeFollower(Uri address, ConcurrentDictionary<long, long> sent)
    {
        private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ConcurrentQueue<double> _latencies = new();
        private long _lost;

        public Task Ready => _ready.Task;

        public long Lost => Interlocked.Read(ref _lost);

        public void Reset()
        {
            _latencies.Clear();
            Interlocked.Exchange(ref _lost, 0);
        }

        public double[] Latencies() => [.. _latencies];

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            using var http = new HttpClient { BaseAddress = address, Timeout = Timeout.InfiniteTimeSpan };
            using var response = await http.GetAsync("/api/v1/changes", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            string? eventName = null;
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    eventName = line[7..];
                    if (eventName == "ready")
                    {
                        _ready.TrySetResult();
                    }
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    Handle(eventName, line.AsMemory(6));
                }
            }
        }

        private void Handle(string? eventName, ReadOnlyMemory<char> data)
        {
            var now = Stopwatch.GetTimestamp();
            using var json = JsonDocument.Parse(data);
            if (eventName == "gap")
            {
                Interlocked.Add(ref _lost, json.RootElement.GetProperty("lost").GetInt64());
                return;
            }

            var root = json.RootElement;
            if (eventName != "change" || root.GetProperty("kind").GetString() != "Host")
            {
                return;
            }

            // Keys are dcN/hNNNNN; the host's version equals the batch's seq (every batch applies in order).
            var key = root.GetProperty("key").GetString()!;
            var host = int.Parse(key.AsSpan(key.IndexOf("/h", StringComparison.Ordinal) + 2), CultureInfo.InvariantCulture);
            if (sent.TryRemove(Key(host, root.GetProperty("version").GetInt64()), out var start))
            {
                _latencies.Enqueue(Stopwatch.GetElapsedTime(start, now).TotalMilliseconds);
            }
        }
    }
}
