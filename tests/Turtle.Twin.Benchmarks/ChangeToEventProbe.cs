using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Turtle.Twin.Benchmarks;

/// <summary>
/// The latency a viewer of a host page sees, up to the wire: from posting an observation of a probe host to the
/// host page's live stream carrying the new value (the browser's swap adds a few milliseconds on top). Runs while the
/// dashboard benchmark loads the silo, one observation at a time; beside each probe it times a plain
/// <c>/health/live</c> round trip as the baseline, since these machines are shared and noisy.
/// </summary>
internal sealed class ChangeToEventProbe(Uri address)
{
    private const string Host = "latency-probe";

    public List<double> ChangeToEvent { get; } = [];

    public List<double> Baseline { get; } = [];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        await PostAsync(http, seq: 1, cpu: 50); // the host page exists before its stream opens

        using var stream = new HttpClient { BaseAddress = address, Timeout = Timeout.InfiniteTimeSpan };
        using var response = await stream.GetAsync($"dashboard/live?scope=host&key=dc1/{Host}", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));

        for (long seq = 2; !cancellationToken.IsCancellationRequested; seq++)
        {
            // 0.1 % … 9.9 %: shown with one decimal, each different from the last, none equal to the first 50 %.
            var cpu = 1 + (seq % 99);
            var shown = (cpu / 10.0).ToString("0.0", CultureInfo.InvariantCulture) + " %";
            var clock = Stopwatch.StartNew();
            await PostAsync(http, seq, cpu / 10.0);
            while (await reader.ReadLineAsync(cancellationToken) is { } line && !(line.StartsWith("data: ", StringComparison.Ordinal) && line.Contains(shown, StringComparison.Ordinal)))
            {
            }

            ChangeToEvent.Add(clock.Elapsed.TotalMilliseconds);

            clock.Restart();
            using (var health = await http.GetAsync("health/live", cancellationToken))
            {
                health.EnsureSuccessStatusCode();
            }

            Baseline.Add(clock.Elapsed.TotalMilliseconds);
            await Task.Delay(500, cancellationToken);
        }
    }

    private static async Task PostAsync(HttpClient http, long seq, double cpu)
    {
        var body = string.Create(CultureInfo.InvariantCulture, $$$"""
            {"schema":"turtle.observation/v1","collector":"{{{Host}}}","seq":{{{seq}}},"dc":"dc1","host":"{{{Host}}}","interval":5,
             "metrics":{"cpu":{"percent":{{{cpu}}}},"memory":{"totalBytes":8589934592,"availableBytes":4294967296} } }
            """);
        using var content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        using var response = await http.PostAsync("api/v1/observations", content);
        response.EnsureSuccessStatusCode();
    }
}
