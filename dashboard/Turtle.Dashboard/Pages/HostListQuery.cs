using System.Globalization;
using Microsoft.AspNetCore.Http;
using Turtle.Twin.Twins;

namespace Turtle.Dashboard.Pages;

/// <summary>
/// A DC page's view of its hosts, all in the URL (so it can be bookmarked, shared and rendered without JavaScript):
/// sort column and direction, text filter, health filter, page.
/// </summary>
public sealed record HostListQuery(string Sort = "health", bool Descending = true, string? Text = null, HealthStatus? Health = null, int Page = 1)
{
    public const int PageSize = 50;

    public static readonly IReadOnlyList<string> Columns = ["name", "health", "cpu", "memory", "disk", "load", "seen"];

    public static HostListQuery Parse(string? sort, string? dir, string? q, string? health, int? page) => new(
        sort is not null && Columns.Contains(sort) ? sort : "health",
        dir is null ? sort is null or "health" or "cpu" or "memory" or "disk" or "load" : dir == "desc",
        string.IsNullOrWhiteSpace(q) ? null : q.Trim(),
        Enum.TryParse<HealthStatus>(health, ignoreCase: true, out var h) && Enum.IsDefined(h) ? h : null,
        Math.Max(1, page ?? 1));

    public IEnumerable<HostSummary> Apply(IEnumerable<HostSummary> hosts)
    {
        var filtered = hosts.Where(h => (Health is null || h.Health == Health) && (Text is null || h.Key.Contains(Text, StringComparison.OrdinalIgnoreCase)));
        Func<HostSummary, object?> key = Sort switch
        {
            "name" => h => h.Name,
            "cpu" => h => h.CpuPercent ?? -1,
            "memory" => h => h.MemoryUsedPercent ?? -1,
            "disk" => h => h.WorstFilesystem?.UsedPercent ?? -1,
            "load" => h => h.Load1 ?? -1,
            "seen" => h => h.LastSeen,
            _ => h => h.Health,
        };
        var ordered = Descending ? filtered.OrderByDescending(key) : filtered.OrderBy(key);
        return ordered.ThenBy(h => h.Key, StringComparer.Ordinal);
    }

    /// <summary>The query string for this view with some parts changed (null drops a part).</summary>
    public string ToQueryString(string? sort = null, bool? descending = null, int? page = null)
    {
        var parts = new Dictionary<string, string?>
        {
            ["sort"] = sort ?? Sort,
            ["dir"] = (descending ?? Descending) ? "desc" : "asc",
            ["q"] = Text,
            ["health"] = Health?.ToString(),
            ["page"] = (page ?? Page) is var p && p > 1 ? p.ToString(CultureInfo.InvariantCulture) : null,
        };
        return QueryString.Create(parts.Where(p => p.Value is not null)).ToString();
    }

    /// <summary>The link that sorts by <paramref name="column"/>: the other direction when it is already sorted by it.</summary>
    public string SortBy(string column) => ToQueryString(column, column == Sort ? !Descending : column is not "name" and not "seen", page: 1);
}
