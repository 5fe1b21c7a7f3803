using Microsoft.AspNetCore.Http.HttpResults;
using Turtle.Twin;
using Turtle.Twin.Alerts;
using Turtle.Twin.Queries;

namespace Turtle.Silo.Api;

/// <summary>
/// <c>GET /api/v1/alerts</c>: alerts grouped per host, read from the host twins (an observer answers from its
/// replicas). A filter value it does not know is a <c>400</c> problem+json naming the parameter.
/// </summary>
public static class AlertApi
{
    private const int MaxHostPattern = TwinKeys.MaxKeyLength;

    public static IEndpointRouteBuilder MapAlertApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/alerts").WithTags("Alerts");
        group.MapGet("", GetAlerts).WithName("GetAlerts")
            .WithSummary("Alerts grouped per host, worst first; filter by state (firing, pending, resolved, active, all; comma-separated), severity, DC and host glob");
        return endpoints;
    }

    public static async Task<Results<Ok<AlertsView>, ValidationProblem>> GetAlerts(
        TwinQueries twin, TimeProvider time, string? state = null, string? severity = null, string? dc = null, string? host = null)
    {
        var states = new HashSet<AlertState>();
        foreach (var name in Split(state ?? "firing"))
        {
            switch (name.ToLowerInvariant())
            {
                case "all":
                    states.UnionWith(Enum.GetValues<AlertState>());
                    break;
                case "active":
                    states.UnionWith([AlertState.Firing, AlertState.Pending]);
                    break;
                default:
                    if (!Enum.TryParse<AlertState>(name, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || char.IsDigit(name[0]))
                    {
                        return TwinApi.Invalid("state", $"'{name}' is not an alert state; use firing, pending, resolved, active or all.");
                    }

                    states.Add(parsed);
                    break;
            }
        }

        var severities = new HashSet<AlertSeverity>();
        foreach (var name in Split(severity))
        {
            if (!Enum.TryParse<AlertSeverity>(name, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || char.IsDigit(name[0]))
            {
                return TwinApi.Invalid("severity", $"'{name}' is not a severity; use info, warning or critical.");
            }

            severities.Add(parsed);
        }

        if (dc is not null && !TwinKeys.IsDcName(dc))
        {
            return TwinApi.Invalid("dc", $"'{dc}' is not a DC name.");
        }

        if (host is not null && (host.Length == 0 || host.Length > MaxHostPattern))
        {
            return TwinApi.Invalid("host", $"the host pattern must be 1 to {MaxHostPattern} characters (a name, a dc/name key, or a glob such as nas*).");
        }

        return TypedResults.Ok(await twin.GetAlertsAsync(new AlertFilter(states, severities, dc, host), time.GetUtcNow()));
    }

    private static string[] Split(string? list) => (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
