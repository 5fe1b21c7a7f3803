using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Turtle.Twin.Benchmarks;

/// <summary>
/// The dashboard's cost to a silo: <c>hosts</c> hosts each observed every 5 s while <c>viewers</c> dashboard pages hold
/// their live streams open (a third each on the fleet page, a DC page and a host page; each stream is the one the
/// page opens, read as a browser would). Reports the silo process's CPU and memory over the run, the events and bytes
/// per second the streams delivered, and whether the silo stayed responsive (latency of a page request under load).
/// </summary>
internal static class DashboardLoadBenchmark
{
    public static async Task RunAsync(BenchSilo silo, int hosts, int viewers, TimeSpan duration)
    {
        using var http = new HttpClient { BaseAddress = silo.Address, Timeout = TimeSpan.FromSeconds(30) };
        // Every host once, so the pages have a fleet to show.
        await Task.WhenAll(Enumerable.Range(0, hosts).Chunk(50).Select(async chunk =>
        {
            foreach (var host in chunk)
            {
                await PostAsync(http, host, 1);
            }
        }));

        using var stop = new CancellationTokenSource();
        long events = 0, bytes = 0;
        var streams = Enumerable.Range(0, viewers).Select(i => (i % 3) switch
        {
            0 => "dashboard/live?scope=fleet",
            1 => $"dashboard/live?scope=dc&key=dc{1 + (i % 2)}&sort=health&dir=desc",
            _ => $"dashboard/live?scope=host&key=dc{1 + (i % 2)}/{IngestBenchmark.HostName(i % hosts)}",
        }).Select(path => FollowAsync(silo.Address, path, () => Interlocked.Increment(ref events), n => Interlocked.Add(ref bytes, n), stop.Token)).ToList();
        await Task.Delay(2000);
        Interlocked.Exchange(ref events, 0);
        Interlocked.Exchange(ref bytes, 0);

        var probe = new ChangeToEventProbe(silo.Address);
        var probing = probe.RunAsync(stop.Token);
        var before = ProcessStats.Read(silo.ProcessId);
        var clock = Stopwatch.StartNew();
        var pageLatencies = new List<double>();
        long seq = 2, posted = 0;
        // Each host every 5 s: the fleet posts in 5-s rounds, spread evenly across the round.
        while (clock.Elapsed < duration)
        {
            var round = Stopwatch.StartNew();
            var currentSeq = seq++;
            for (var batch = 0; batch < hosts; batch += 100)
            {
                await Task.WhenAll(Enumerable.Range(batch, Math.Min(100, hosts - batch)).Select(host => PostAsync(http, host, currentSeq)));
                posted += Math.Min(100, hosts - batch);
                var page = Stopwatch.StartNew();
                using (var response = await http.GetAsync($"dcs/dc1?sort=cpu&dir=desc"))
                {
                    response.EnsureSuccessStatusCode();
                }

                pageLatencies.Add(page.Elapsed.TotalMilliseconds);
                var due = TimeSpan.FromSeconds(5.0 * Math.Min(batch + 100, hosts) / hosts);
                if (round.Elapsed < due)
                {
                    await Task.Delay(due - round.Elapsed);
                }
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var after = ProcessStats.Read(silo.ProcessId);
        var delivered = Interlocked.Read(ref events);
        var sent = Interlocked.Read(ref bytes);
        await stop.CancelAsync();
        await Task.WhenAll(streams).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await probing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        pageLatencies.Sort();
        Figures.Print("dashboard_load_hosts", hosts, "hosts");
        Figures.Print("dashboard_load_viewers", viewers, "streams");
        Figures.Print("dashboard_load_observations_per_second", posted / seconds, "obs/s");
        Figures.Print("dashboard_load_silo_cpu", 100 * (after.CpuSeconds - before.CpuSeconds) / seconds, "% of one core");
        Figures.Print("dashboard_load_silo_rss", after.RssBytes / 1048576.0, "MiB");
        Figures.Print("dashboard_load_events_per_second", delivered / seconds, "events/s");
        Figures.Print("dashboard_load_stream_bytes_per_second", sent / seconds, "B/s");
        Figures.Print("dashboard_load_page_latency_p50", pageLatencies[pageLatencies.Count / 2], "ms");
        Figures.Print("dashboard_load_page_latency_p99", Percentile(pageLatencies, 0.99), "ms");

        // What a host page's viewer waits for under this load, against a plain request measured beside it.
        probe.ChangeToEvent.Sort();
        probe.Baseline.Sort();
        Figures.Print("dashboard_change_to_event_samples", probe.ChangeToEvent.Count, "observations");
        Figures.Print("dashboard_change_to_event_p50", Percentile(probe.ChangeToEvent, 0.50), "ms");
        Figures.Print("dashboard_change_to_event_p99", Percentile(probe.ChangeToEvent, 0.99), "ms");
        Figures.Print("baseline_health_round_trip_p50", Percentile(probe.Baseline, 0.50), "ms");
        Figures.Print("dashboard_change_to_event_p50_over_baseline", Percentile(probe.ChangeToEvent, 0.50) / Percentile(probe.Baseline, 0.50), "x");
    }

    private static double Percentile(List<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(sorted.Count * q) - 1, 0, sorted.Count - 1)];

    private static async Task PostAsync(HttpClient http, int host, long seq)
    {
        var cpu = (host * 7 + seq * 13) % 100;
        var body = string.Create(CultureInfo.InvariantCulture, $$$"""
            {"schema":"turtle.observation/v1","collector":"load-{{{host}}}","seq":{{{seq}}},"dc":"dc{{{1 + (host % 2)}}}","host":"{{{IngestBenchmark.HostName(host)}}}","interval":5,
             "metrics":{"cpu":{"percent":{{{cpu}}}},"load":{"avg1":{{{cpu / 25.0}}},"avg5":1,"avg15":1},"memory":{"totalBytes":8589934592,"availableBytes":4294967296},
              "filesystems":[{"mount":"/","sizeBytes":1000,"usedBytes":{{{500 + (seq % 400)}}}}]}}
            """);
        using var content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        using var response = await http.PostAsync("api/v1/observations", content);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Reads one live stream as a browser would, counting its events and bytes.</summary>
    private static async Task FollowAsync(Uri address, string path, Action onEvent, Action<long> onBytes, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = Timeout.InfiniteTimeSpan };
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            onBytes(line.Length + 1);
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                onEvent();
            }
        }
    }

    /// <summary>CPU time and resident memory of a process, from /proc.</summary>
    private readonly record struct ProcessStats(double CpuSeconds, long RssBytes)
    {
        public static ProcessStats Read(int pid)
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // utime and stime are fields 14 and 15 of stat (12 and 13 after the command), in clock ticks (100 per second).
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            var rssPages = long.Parse(File.ReadAllText($"/proc/{pid}/statm").Split(' ')[1], CultureInfo.InvariantCulture);
            return new ProcessStats(ticks / 100.0, rssPages * Environment.SystemPageSize);
        }
    }
}
