using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Turtle.Silo.Audit;
using Turtle.Silo.Security;

namespace Turtle.Silo.Api;

/// <summary><c>/api/v1/tokens</c> (admin): issue, list, rotate and revoke API tokens. A secret is in the answer that makes it, and nowhere else.</summary>
public static class TokenApi
{
    public static IEndpointRouteBuilder MapTokenApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/tokens").WithTags("Security").RequireAuthorization(AuthPolicies.Admin);
        group.MapGet("", List).WithName("ListTokens").WithSummary("Every token (never a secret): whose, role, created, last used, expiry, revoked");
        group.MapPost("", Create).WithName("CreateToken").WithSummary("Issue a token for a collector, or for a user with a role")
            .WithMetadata(new AuditedAction("tokens.create"));
        group.MapPost("/{id}/rotate", Rotate).WithName("RotateToken")
            .WithSummary("Issue a successor; the old token keeps working for the overlap (default Turtle:Auth:RotationOverlap), then expires")
            .WithMetadata(new AuditedAction("tokens.rotate"));
        group.MapPost("/{id}/revoke", Revoke).WithName("RevokeToken").WithSummary("Refuse the token from now on")
            .WithMetadata(new AuditedAction("tokens.revoke"));
        return endpoints;
    }

    public static async Task<Ok<IReadOnlyList<TokenView>>> List(TokenRegistry tokens, CancellationToken cancellationToken) =>
        TypedResults.Ok(await tokens.ListAsync(cancellationToken));

    public static async Task<Results<Created<IssuedToken>, ProblemHttpResult>> Create(CreateTokenRequest request, HttpContext http, TokenRegistry tokens, TimeProvider time)
    {
        var (kind, name) = (request.Collector, request.User) switch
        {
            ({ } collector, null) => (TurtleClaims.KindCollector, collector),
            (null, { } user) => (TurtleClaims.KindToken, user),
            _ => ("", ""),
        };
        var role = kind == TurtleClaims.KindCollector ? Roles.Collector : request.Role ?? Roles.Viewer;
        var problem = kind.Length == 0 ? "give either collector (a collector token) or user (a token with a role), not both"
            : !UserNames.IsValid(name) ? $"'{name}' is not a collector or user name: {UserNames.Rule}"
            : kind == TurtleClaims.KindCollector && request.Role is not null ? "a collector token has no role; give user to make a token with one"
            : kind == TurtleClaims.KindToken && !Roles.IsUserRole(role) ? $"role '{role}' is not one of {string.Join(", ", Roles.UserRoles)}"
            : request.ExpiresIn is { } e && (e <= TimeSpan.Zero || e > TimeSpan.FromDays(3650)) ? "expiresIn must be above 00:00:00 and at most 3650.00:00:00"
            : null;
        if (problem is not null)
        {
            return Invalid(problem);
        }

        var expires = request.ExpiresIn is { } expiresIn ? time.GetUtcNow() + expiresIn : (DateTimeOffset?)null;
        var issued = await tokens.CreateAsync(kind, name, role, expires, AuditLog.ActorOf(http.User), http.RequestAborted);
        AuditMiddleware.Describe(http, issued.Token.Id, $"{kind} {name}, role {role}");
        return TypedResults.Created($"/api/v1/tokens/{issued.Token.Id}", issued);
    }

    public static async Task<Results<Created<IssuedToken>, ProblemHttpResult>> Rotate(
        string id, RotateTokenRequest? request, HttpContext http, TokenRegistry tokens, IOptions<AuthOptions> options)
    {
        var overlap = request?.Overlap ?? options.Value.RotationOverlap;
        if (overlap < TimeSpan.Zero || overlap > TimeSpan.FromDays(30))
        {
            return Invalid("overlap must be between 00:00:00 and 30.00:00:00");
        }

        if (await tokens.RotateAsync(id, overlap, AuditLog.ActorOf(http.User), http.RequestAborted) is not { } issued)
        {
            return NotFound(id);
        }

        AuditMiddleware.Describe(http, id, $"successor {issued.Token.Id}; {id} expires at {issued.Previous?.Expires:u}");
        return TypedResults.Created($"/api/v1/tokens/{issued.Token.Id}", issued);
    }

    public static async Task<Results<Ok<TokenView>, ProblemHttpResult>> Revoke(string id, HttpContext http, TokenRegistry tokens)
    {
        if (await tokens.RevokeAsync(id, http.RequestAborted) is not { } token)
        {
            return NotFound(id);
        }

        AuditMiddleware.Describe(http, id, $"{token.Kind} {token.Name}");
        return TypedResults.Ok(token);
    }

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem($"There is no token '{id}' (or it is revoked). 'turtle tokens list' shows them.", statusCode: StatusCodes.Status404NotFound, title: "No such token");

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid token request");
}

/// <summary>What <c>POST /api/v1/tokens</c> takes: <c>collector</c>, or <c>user</c> and <c>role</c>; optionally <c>expiresIn</c> (<c>30.00:00:00</c>).</summary>
public sealed record CreateTokenRequest(string? Collector, string? User, string? Role, TimeSpan? ExpiresIn);

/// <summary>What <c>POST /api/v1/tokens/{id}/rotate</c> takes: how long the old token keeps working (<c>01:00:00</c>; <c>00:00:00</c> ends it now).</summary>
public sealed record RotateTokenRequest(TimeSpan? Overlap);
