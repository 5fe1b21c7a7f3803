using Microsoft.AspNetCore.Http.HttpResults;
using Turtle.Silo.Audit;
using Turtle.Silo.Security;

namespace Turtle.Silo.Api;

/// <summary><c>/api/v1/users</c> (admin): the people who sign in to the dashboard; <c>/api/v1/whoami</c>: who this request is.</summary>
public static class UserApi
{
    public static IEndpointRouteBuilder MapUserApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/users").WithTags("Security").RequireAuthorization(AuthPolicies.Admin);
        group.MapGet("", List).WithName("ListUsers").WithSummary("Every user: name, role, created");
        group.MapPost("", Create).WithName("CreateUser").WithSummary("Create a user with a role; without a password one is generated and shown once")
            .WithMetadata(new AuditedAction("users.create"));
        endpoints.MapGet("/api/v1/whoami", WhoAmI).WithTags("Security").WithName("WhoAmI")
            .WithSummary("The principal of this request: name, how it signed in, role, token id")
            .RequireAuthorization(policy => policy.RequireAuthenticatedUser());
        return endpoints;
    }

    public static async Task<Ok<IReadOnlyList<UserView>>> List(UserStore users, CancellationToken cancellationToken) =>
        TypedResults.Ok(await users.ListAsync(cancellationToken));

    public static async Task<Results<Created<CreatedUser>, ProblemHttpResult>> Create(CreateUserRequest request, HttpContext http, UserStore users)
    {
        var role = request.Role ?? Roles.Viewer;
        var problem = !UserNames.IsValid(request.Name) ? $"'{request.Name}' is not a user name: {UserNames.Rule}"
            : !Roles.IsUserRole(role) ? $"role '{role}' is not one of {string.Join(", ", Roles.UserRoles)}"
            : request.Password is { Length: < 12 or > 256 } ? "a password has 12 to 256 characters (or leave it out to get a generated one)"
            : null;
        if (problem is not null)
        {
            return TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest, title: "Invalid user");
        }

        if (await users.CreateAsync(request.Name!, role, request.Password, AuditLog.ActorOf(http.User), http.RequestAborted) is not { } created)
        {
            return TypedResults.Problem($"There is already a user '{request.Name}'.", statusCode: StatusCodes.Status409Conflict, title: "User exists");
        }

        AuditMiddleware.Describe(http, created.User.Name, $"role {role}");
        return TypedResults.Created($"/api/v1/users/{created.User.Name}", created);
    }

    public static Ok<WhoAmIView> WhoAmI(HttpContext http) => TypedResults.Ok(new WhoAmIView(
        http.User.Identity?.Name ?? "anonymous",
        http.User.FindFirst(TurtleClaims.Kind)?.Value ?? "",
        http.User.FindFirst(TurtleClaims.Role)?.Value ?? "",
        http.User.FindFirst(TurtleClaims.TokenId)?.Value));
}

/// <summary>What <c>POST /api/v1/users</c> takes.</summary>
public sealed record CreateUserRequest(string? Name, string? Role, string? Password);

/// <summary>What <c>GET /api/v1/whoami</c> answers.</summary>
public sealed record WhoAmIView(string Name, string Kind, string Role, string? TokenId);
