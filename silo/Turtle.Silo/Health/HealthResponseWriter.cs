using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Turtle.Silo.Health;

/// <summary>
/// Health answers as JSON: the overall status and each check with its status and reason, so an operator (or a
/// load balancer's log) sees which check failed: <c>{"status":"Unhealthy","checks":[{"name":"storage",...}]}</c>.
/// </summary>
internal static class HealthResponseWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonOptions));
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
