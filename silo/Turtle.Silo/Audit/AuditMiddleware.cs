using Microsoft.AspNetCore.Routing;

namespace Turtle.Silo.Audit;

/// <summary>
/// Audits after the response: every refusal (401, 403, 429, 413) of any request, and each request to an endpoint
/// marked <see cref="AuditedAction"/>. Runs after authentication and before authorization, so it sees who asked and
/// what authorization answered. A handler adds the target and detail through <see cref="Describe"/>.
/// </summary>
public sealed class AuditMiddleware(RequestDelegate next, AuditLog audit)
{
    /// <summary>Item naming the actor when the principal does not (a revoked token's owner, the user a failed login named).</summary>
    public const string ActorItem = "turtle.audit.actor";

    private const string TargetItem = "turtle.audit.target";
    private const string DetailItem = "turtle.audit.detail";
    private const string OutcomeItem = "turtle.audit.outcome";

    /// <summary>What a handler adds to its request's entry; <paramref name="outcome"/> overrides the one read from the status.</summary>
    public static void Describe(HttpContext http, string? target, string? detail = null, AuditOutcome? outcome = null, string? actor = null)
    {
        http.Items[TargetItem] = target;
        http.Items[DetailItem] = detail;
        if (outcome is not null)
        {
            http.Items[OutcomeItem] = outcome;
        }

        if (actor is not null)
        {
            http.Items[ActorItem] = actor;
        }
    }

    public async Task InvokeAsync(HttpContext http)
    {
        await next(http);
        var status = http.Response.StatusCode;
        var marked = http.GetEndpoint()?.Metadata.GetMetadata<AuditedAction>();
        var refused = status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden
            or StatusCodes.Status429TooManyRequests or StatusCodes.Status413PayloadTooLarge;
        if (marked is null && !refused)
        {
            return;
        }

        // A collector's batches are not audited one by one, nor are anyone's with sign-in off: there every request is
        // the same anonymous admin, so an entry per batch (one per host every 5 s) would say nothing and grow the day's
        // record without bound.
        if (marked is { SkipCollectors: true } && !refused &&
            (http.User.HasClaim(Security.TurtleClaims.Kind, Security.TurtleClaims.KindCollector) || http.User.HasClaim(Security.TurtleClaims.Kind, Security.TurtleClaims.KindOpen)))
        {
            return;
        }

        var outcome = http.Items[OutcomeItem] as AuditOutcome? ?? status switch
        {
            _ when refused && status != StatusCodes.Status413PayloadTooLarge => AuditOutcome.Denied,
            < 400 => AuditOutcome.Allowed,
            _ => AuditOutcome.Failed,
        };
        // A group's root route is "/api/v1/tokens/": named without the slash, as clients write it.
        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value ?? "/";
        var action = marked?.Action ?? $"{http.Request.Method} {(route.Length > 1 ? route.TrimEnd('/') : route)}";
        var target = http.Items[TargetItem] as string ?? TargetOf(http);
        audit.Record(http, action, target, outcome, status, http.Items[DetailItem] as string ?? (refused ? RefusalDetail(http) : null));
    }

    private static string? TargetOf(HttpContext http) =>
        http.GetRouteValue("id") as string ?? http.GetRouteValue("name") as string ?? (http.Request.Path.HasValue ? http.Request.Path.Value : null);

    private static string? RefusalDetail(HttpContext http) => http.Items[Security.AuthProblems.RefusalItem] as string;
}
