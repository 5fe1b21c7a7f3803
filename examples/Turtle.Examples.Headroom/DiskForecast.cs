using System.Globalization;
using Turtle.Twin.Observations;

namespace Turtle.Examples.Headroom;

/// <summary>One filesystem's trend: when its used bytes reach its size, if they grow.</summary>
public sealed record FilesystemForecast(
    string Host, string Mount, long SizeBytes, long UsedBytes, int Points, double? BytesPerDay, DateTimeOffset? FullAt);

/// <summary>
/// Which filesystems will fill: for every filesystem in the host twins, the history of <c>fs[mount].used_bytes</c> (the
/// name the host grain writes each observation's filesystem usage under) over the look-back window, one average per
/// step, a <see cref="TheilSen"/> line through it, and where that line reaches the filesystem's size.
/// </summary>
public static class DiskForecast
{
    /// <summary>Fewer points than this make no trend.</summary>
    public const int MinPoints = 3;

    public static async Task<IReadOnlyList<FilesystemForecast>> ForecastAsync(
        IReadOnlyList<DcSnapshot> dcs, HistoryClient history, DateTimeOffset now, TimeSpan lookback, TimeSpan step)
    {
        var filesystems = dcs.SelectMany(d => d.Hosts)
            .SelectMany(h => (h.Metrics?.Filesystems ?? []).Select(fs => (Host: h.Key, Fs: fs)))
            .ToList();
        // Buckets start at from; whole steps (UTC) make them the same for every run and every mount.
        var from = new DateTimeOffset((now - lookback).UtcTicks / step.Ticks * step.Ticks, TimeSpan.Zero);
        var to = new DateTimeOffset((now.UtcTicks / step.Ticks + 1) * step.Ticks, TimeSpan.Zero);
        var forecasts = new List<FilesystemForecast>();
        // One request per mount name, every host having that mount in it.
        foreach (var mount in filesystems.GroupBy(f => f.Fs.Mount))
        {
            var metric = ObservationMetrics.Device("fs", mount.Key, "used_bytes");
            var series = (await history.GetAsync(mount.Select(f => f.Host), metric, from, to, step)).ToDictionary(s => s.Entity);
            foreach (var (host, fs) in mount)
            {
                // A point is its bucket's average, so it stands at the bucket's middle.
                var points = series.TryGetValue(host, out var one) ? one.Points.Select(p => (X: Days(p.Time + step / 2, now), Y: p.Avg)).ToList() : [];
                var line = points.Count >= MinPoints ? TheilSen.Fit(points) : null;
                forecasts.Add(new FilesystemForecast(host, fs.Mount, fs.SizeBytes, fs.UsedBytes, points.Count, line?.Slope, FullAt(line, fs.SizeBytes, now)));
            }
        }

        return forecasts.OrderBy(f => f.FullAt ?? DateTimeOffset.MaxValue).ThenBy(f => f.Host, StringComparer.Ordinal).ToList();
    }

    public static IReadOnlyList<string[]> Table(IReadOnlyList<FilesystemForecast> forecasts, DateTimeOffset now)
    {
        var rows = new List<string[]> { new[] { "Host", "Mount", "Used", "Size", "Growth per day", "Full at", "In", "Points" } };
        rows.AddRange(forecasts.Select(f => new[]
        {
            f.Host, f.Mount, Headroom.Bytes(f.UsedBytes), Headroom.Bytes(f.SizeBytes),
            f.BytesPerDay is { } perDay ? Headroom.Bytes((long)perDay) : "-",
            f.FullAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture) ?? "-",
            f.FullAt is { } full ? Within(full - now) : "-",
            f.Points.ToString(CultureInfo.InvariantCulture),
        }));
        return rows;
    }

    /// <summary>Where the line (x in days from now) reaches <paramref name="size"/>; null when it does not grow.</summary>
    private static DateTimeOffset? FullAt((double Slope, double Intercept)? line, long size, DateTimeOffset now)
    {
        if (line is not { Slope: > 0 } growing)
        {
            return null;
        }

        var days = (size - growing.Intercept) / growing.Slope;
        return days > 3650 ? null : now + TimeSpan.FromDays(Math.Max(0, days));
    }

    private static string Within(TimeSpan span) =>
        span <= TimeSpan.Zero ? "now"
        : span < TimeSpan.FromHours(2) ? $"{span.TotalMinutes:0} min"
        : span < TimeSpan.FromDays(2) ? $"{span.TotalHours:0.#} h"
        : $"{span.TotalDays:0.#} d";

    private static double Days(DateTimeOffset time, DateTimeOffset now) => (time - now).TotalDays;
}
