using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Turtle.Dashboard.Security;
using Turtle.Silo.Audit;
using Turtle.Silo.Security;

namespace Turtle.Silo.Api;

/// <summary>
/// Signing in: the dashboard's form (<c>POST /account/login</c>, antiforgery-checked, sets the session cookie;
/// <c>POST /account/logout</c> ends it) and <c>POST /api/v1/login</c>, which trades a user's password for an API
/// token (<c>turtle login</c>). Rate-limited per client address; every attempt is audited.
/// </summary>
public static class AccountApi
{
    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder endpoints)
    {
        if (!endpoints.ServiceProvider.GetRequiredService<IOptions<AuthOptions>>().Value.Enabled)
        {
            return endpoints; // nobody signs in when everyone is an admin
        }

        endpoints.MapPost("/account/login", SignIn).AllowAnonymous().ExcludeFromDescription()
            .RequireRateLimiting(LimitsHostingExtensions.LoginPolicy).WithMetadata(new AuditedAction("login"));
        endpoints.MapPost("/account/logout", SignOut).ExcludeFromDescription()
            .RequireAuthorization(policy => policy.RequireAuthenticatedUser()).WithMetadata(new AuditedAction("logout"));
        endpoints.MapPost("/api/v1/login", TokenLogin).AllowAnonymous().WithTags("Security").WithName("Login")
            .WithSummary("Trade a user's name and password for an API token with the user's role (turtle login)")
            .RequireRateLimiting(LimitsHostingExtensions.LoginPolicy).WithMetadata(new AuditedAction("login.token"));
        return endpoints;
    }

    /// <summary>The sign-in form: back to the page asked for, or to the form again saying it failed.</summary>
    public static async Task<RedirectHttpResult> SignIn(
        [FromForm] string? user, [FromForm] string? password, [FromForm] string? returnUrl, HttpContext http, UserStore users)
    {
        var target = SignInForm.ReturnTarget(returnUrl);
        if (user is null || password is null || await users.VerifyAsync(user, password, http.RequestAborted) is not { } found)
        {
            AuditMiddleware.Describe(http, user, "wrong user name or password", AuditOutcome.Denied, actor: user ?? "anonymous");
            return SignInForm.Failed(target);
        }

        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, SecurityHostingExtensions.SessionPrincipal(found));
        AuditMiddleware.Describe(http, found.Name, $"dashboard session, role {found.Role}", actor: found.Name);
        return TypedResults.LocalRedirect(target);
    }

    public static Task<Results<RedirectHttpResult, ProblemHttpResult>> SignOut(HttpContext http, IAntiforgery antiforgery) =>
        SignInForm.SignOutAsync(http, antiforgery, () => AuditMiddleware.Describe(http, http.User.Identity?.Name));

    public static async Task<Results<Created<IssuedToken>, ProblemHttpResult>> TokenLogin(
        LoginRequest request, HttpContext http, UserStore users, TokenRegistry tokens, TimeProvider time, IOptions<AuthOptions> options)
    {
        if (request.User is null || request.Password is null || await users.VerifyAsync(request.User, request.Password, http.RequestAborted) is not { } user)
        {
            AuditMiddleware.Describe(http, request.User, "wrong user name or password", AuditOutcome.Denied, actor: request.User ?? "anonymous");
            http.Response.Headers.WWWAuthenticate = "Bearer realm=\"turtle\"";
            return TypedResults.Problem("Wrong user name or password.", statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed");
        }

        var issued = await tokens.CreateAsync(TurtleClaims.KindToken, user.Name, user.Role, time.GetUtcNow() + options.Value.LoginTokenLifetime, user.Name, http.RequestAborted);
        AuditMiddleware.Describe(http, issued.Token.Id, $"API token for {user.Name}, role {user.Role}", actor: user.Name);
        return TypedResults.Created($"/api/v1/tokens/{issued.Token.Id}", issued);
    }
}

/// <summary>What <c>POST /api/v1/login</c> takes.</summary>
public sealed record LoginRequest(string? User, string? Password);
