using Spectre.Console;
using Spectre.Console.Rendering;
using Turtle.Twin.Twins;

namespace Turtle.Cli.Output;

/// <summary>A host's predictions for people (<c>predictions</c>): disk-full ETAs, the next 24 hours, anomalies; each with its confidence.</summary>
public static class PredictionView
{
    public static IEnumerable<IRenderable> Render(HostPredictions p, DateTimeOffset now)
    {
        yield return new Markup(Markup.Escape($"Predictions for {p.Host}, computed {Cells.Time(p.ComputedAt)} ({Cells.Ago(p.ComputedAt, now)})") + Environment.NewLine);

        var disks = new Table().Title("Disk full").AddColumns("Filesystem", "Trend", "Full at", "Likely range", "Growth/day", "Confidence");
        foreach (var disk in p.Disks.OrderBy(d => d.FullAt ?? DateTimeOffset.MaxValue))
        {
            disks.AddRow(
                Cells.Plain(disk.Mount), Cells.Plain(disk.Trend.ToString()), Cells.Plain(Cells.Time(disk.FullAt)),
                Cells.Plain(disk.Trend == DiskTrend.Rising ? $"{Cells.Time(disk.FullAtEarliest)} .. {Cells.Time(disk.FullAtLatest)}" : Cells.None),
                Cells.Plain(disk.Trend is DiskTrend.InsufficientData or DiskTrend.Full ? Cells.None : Cells.Bytes((long)disk.GrowthBytesPerDay)),
                Cells.Plain(Confidence(disk.Confidence)));
        }

        yield return disks;

        var forecasts = new Table().Title("Next 24 hours").AddColumns("Metric", "Expected peak", "When", "80% band", "Confidence", "Method");
        foreach (var forecast in p.Forecasts)
        {
            forecasts.AddRow(
                Cells.Plain(forecast.Metric), Cells.Plain(Cells.Percent(forecast.Peak?.Value)),
                Cells.Plain(forecast.Peak is not { } peak ? Cells.None : forecast.Note is null ? Cells.Time(peak.Time) : "any time (flat)"),
                Cells.Plain(forecast.Peak is { } b ? $"{Cells.Percent(b.Low)} .. {Cells.Percent(b.High)}" : Cells.None),
                Cells.Plain(Confidence(forecast.Confidence)), Cells.Plain(forecast.Method));
        }

        yield return forecasts;

        var anomalies = new Table().Title("Anomalies (latest 5 min)").AddColumns("Metric", "Value", "Usual (median)", "Robust z", "Verdict", "Confidence");
        foreach (var flag in p.Anomalies)
        {
            anomalies.AddRow(
                Cells.Plain(flag.Metric), Cells.Plain(Cells.Number(flag.Value)), Cells.Plain(Cells.Number(flag.Median)), Cells.Plain(Cells.Number(flag.Score, "0.0")),
                Cells.Plain(flag.IsAnomalous ? "anomalous" : "usual"), Cells.Plain(Confidence(flag.Confidence)));
        }

        if (p.Anomalies.Count == 0)
        {
            anomalies.AddRow(Cells.Plain("(not enough history yet)"), Cells.Plain(""), Cells.Plain(""), Cells.Plain(""), Cells.Plain(""), Cells.Plain(""));
        }

        yield return anomalies;
    }

    private static string Confidence(double confidence) => Cells.Number(100 * confidence, "0") + "%";
}
