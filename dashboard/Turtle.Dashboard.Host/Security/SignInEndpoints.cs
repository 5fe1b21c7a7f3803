using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Turtle.Dashboard.Security;

namespace Turtle.Dashboard.Host.Security;

/// <summary>
/// The sign-in form's endpoints, as on a silo: <c>POST /account/login</c> (antiforgery-checked, rate-limited per client
/// address) sets the session cookie for a user of the cluster; <c>POST /account/logout</c> ends it. Each attempt is logged
/// (the silos' audit log is theirs; this host's log is where its sign-ins are kept).
/// </summary>
public static class SignInEndpoints
{
    public static IEndpointRouteBuilder MapSignInEndpoints(this IEndpointRouteBuilder endpoints)
    {
        if (!endpoints.ServiceProvider.GetRequiredService<IOptions<DashboardAuthOptions>>().Value.Enabled)
        {
            return endpoints; // nobody signs in when everyone is an admin
        }

        endpoints.MapPost("/account/login", SignIn).AllowAnonymous().RequireRateLimiting(DashboardSecurityExtensions.LoginPolicy);
        endpoints.MapPost("/account/logout", SignOut).RequireAuthorization(policy => policy.RequireAuthenticatedUser());
        return endpoints;
    }

    /// <summary>Back to the page asked for, or to the form again saying it failed.</summary>
    public static async Task<RedirectHttpResult> SignIn(
        [FromForm] string? user, [FromForm] string? password, [FromForm] string? returnUrl,
        HttpContext http, ClusterUsers users, ILogger<ClusterUsers> logger)
    {
        var target = SignInForm.ReturnTarget(returnUrl);
        if (user is null || password is null || await users.VerifyAsync(user, password) is not { } found)
        {
            logger.LogWarning("Sign-in refused for {User} from {Address}: wrong user name or password", user ?? "(none)", http.Connection.RemoteIpAddress);
            return SignInForm.Failed(target);
        }

        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, SessionClaims.Session(CookieAuthenticationDefaults.AuthenticationScheme, found.Name, found.Role));
        logger.LogInformation("{User} signed in from {Address}, role {Role}", found.Name, http.Connection.RemoteIpAddress, found.Role);
        return TypedResults.LocalRedirect(target);
    }

    public static Task<Results<RedirectHttpResult, ProblemHttpResult>> SignOut(HttpContext http, IAntiforgery antiforgery) =>
        SignInForm.SignOutAsync(http, antiforgery);
}
