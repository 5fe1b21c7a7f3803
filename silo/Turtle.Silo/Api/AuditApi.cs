using Microsoft.AspNetCore.Http.HttpResults;
using Turtle.Silo.Audit;
using Turtle.Silo.Security;

namespace Turtle.Silo.Api;

/// <summary><c>GET /api/v1/audit</c> (admin): the audit log of writes, admin actions and refusals.</summary>
public static class AuditApi
{
    public const int MaxLimit = 10_000;

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/audit", GetAudit).WithTags("Security").WithName("GetAudit")
            .WithSummary("Audit entries in [from, to) (default the last 24 hours), newest first; filter by actor (substring), action (prefix), outcome")
            .RequireAuthorization(AuthPolicies.Admin);
        return endpoints;
    }

    public static async Task<Results<Ok<IReadOnlyList<AuditEntry>>, ProblemHttpResult>> GetAudit(
        AuditLog audit, TimeProvider time, DateTimeOffset? from, DateTimeOffset? to, string? actor, string? action, string? outcome, int? limit,
        CancellationToken cancellationToken)
    {
        var end = to ?? time.GetUtcNow().AddSeconds(1);
        var start = from ?? end.AddDays(-1);
        AuditOutcome? wanted = null;
        string? problem = start >= end ? "from must be before to"
            : limit is < 1 or > MaxLimit ? $"limit must be between 1 and {MaxLimit}"
            : null;
        if (problem is null && outcome is not null)
        {
            if (Enum.TryParse<AuditOutcome>(outcome, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
            {
                wanted = parsed;
            }
            else
            {
                problem = $"outcome '{outcome}' is not one of allowed, denied, failed";
            }
        }

        if (problem is not null)
        {
            return TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest, title: "Invalid audit query");
        }

        return TypedResults.Ok(await audit.QueryAsync(start, end, actor, action, wanted, limit ?? 1000, cancellationToken));
    }
}
