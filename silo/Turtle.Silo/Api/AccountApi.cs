using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
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
        var target = IsLocal(returnUrl) ? returnUrl! : "/";
        if (user is null || password is null || await users.VerifyAsync(user, password, http.RequestAborted) is not { } found)
        {
            AuditMiddleware.Describe(http, user, "wrong user name or password", AuditOutcome.Denied, actor: user ?? "anonymous");
            return TypedResults.LocalRedirect($"/login?failed=1&returnUrl={Uri.EscapeDataString(target)}");
        }

        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, SecurityHostingExtensions.SessionPrincipal(found));
        AuditMiddleware.Describe(http, found.Name, $"dashboard session, role {found.Role}", actor: found.Name);
        return TypedResults.LocalRedirect(target);
    }

    public static async Task<Results<RedirectHttpResult, ProblemHttpResult>> SignOut(HttpContext http, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return TypedResults.Problem("The sign-out form's antiforgery token is missing or wrong; sign out from the dashboard's own page.",
                statusCode: StatusCodes.Status400BadRequest, title: "Invalid form");
        }

        AuditMiddleware.Describe(http, http.User.Identity?.Name);
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.LocalRedirect("/login");
    }

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

    /// <summary>Only paths of this site: no scheme, no host, no <c>//</c> or <c>/\</c> that a browser would read as another host.</summary>
    private static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}

/// <summary>What <c>POST /api/v1/login</c> takes.</summary>
public sealed record LoginRequest(string? User, string? Password);
