using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Turtle.Actors.History;

namespace Turtle.Silo.Api;

/// <summary>
/// <c>GET /api/v1/history?entity=dc1/h&amp;metric=cpu.percent&amp;from=...&amp;to=...&amp;step=1m</c>: one series per entity
/// (repeat <c>entity</c> for several), min/max/avg/last/count per step, from the tier that fits the step. Times are
/// RFC 3339; <c>to</c> defaults to now, <c>from</c> to an hour before <c>to</c>, <c>step</c> to the range over 120.
/// </summary>
public static class HistoryApi
{
    public static IEndpointRouteBuilder MapHistoryApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/history", GetHistory).WithTags("History").WithName("GetHistory")
            .WithSummary("Time series of one metric for one or more entities");
        return endpoints;
    }

    public static async Task<Results<Ok<IReadOnlyList<HistorySeries>>, ValidationProblem>> GetHistory(
        HttpRequest request, IHistoryStore history, TimeProvider time, string? metric = null, string? from = null, string? to = null, string? step = null)
    {
        var errors = new Dictionary<string, string[]>();
        var entities = request.Query["entity"].Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e!).ToList();
        if (entities.Count == 0)
        {
            errors["entity"] = ["is required: the key of a host, process or link (repeat it for several)."];
        }

        if (string.IsNullOrWhiteSpace(metric))
        {
            errors["metric"] = ["is required, for example cpu.percent."];
        }

        var end = ParseTime(to, "to", errors) ?? time.GetUtcNow();
        var start = ParseTime(from, "from", errors) ?? end.AddHours(-1);
        var width = ParseStep(step, errors) ?? TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, (end - start).Ticks / 120));
        if (errors.Count == 0)
        {
            var query = new HistoryQuery(entities, metric!, start, end, width);
            try
            {
                query.Validate();
            }
            catch (ArgumentException exception)
            {
                errors[exception.ParamName is { } name ? char.ToLowerInvariant(name[0]) + name[1..] : "query"] = [exception.Message];
            }

            if (errors.Count == 0)
            {
                return TypedResults.Ok(await history.QueryAsync(query, request.HttpContext.RequestAborted));
            }
        }

        return TypedResults.ValidationProblem(errors, title: "Invalid history query");
    }

    private static DateTimeOffset? ParseTime(string? text, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            // History holds nothing before 1970; beyond year 9000 the default range arithmetic would overflow.
            if (parsed < DateTimeOffset.UnixEpoch || parsed.Year >= 9000)
            {
                errors[name] = [$"'{text}' is outside the times history can hold (1970 to 8999)."];
                return null;
            }

            return parsed;
        }

        errors[name] = [$"'{text}' is not an RFC 3339 time (2026-11-22T09:00:00Z)."];
        return null;
    }

    /// <summary>A step as <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c> or a TimeSpan (<c>00:05:00</c>).</summary>
    private static TimeSpan? ParseStep(string? text, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var unit = text[^1];
        double? seconds = unit switch { 's' => 1, 'm' => 60, 'h' => 3600, 'd' => 86400, _ => null };
        if (seconds is { } scale && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount > 0 && double.IsFinite(amount))
        {
            // Beyond TimeSpan's range (about 29,000 years) a step is refused rather than overflowing.
            if (amount * scale >= TimeSpan.MaxValue.TotalSeconds)
            {
                errors["step"] = [$"'{text}' is longer than any history; use at most a few days."];
                return null;
            }

            return TimeSpan.FromSeconds(amount * scale);
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero)
        {
            return span;
        }

        errors["step"] = [$"'{text}' is not a step; use 30s, 5m, 1h, 1d or 00:05:00."];
        return null;
    }
}
