using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;

namespace Turtle.Dashboard.Security;

/// <summary>
/// The dashboard's session cookie, one definition for every host that serves the dashboard (a silo, the standalone
/// host): the same name and flags, the same sign-in page, and pages redirected to it while everything else is answered.
/// </summary>
public static class SessionCookie
{
    public const string Name = "turtle.session";

    /// <summary>
    /// Sets the cookie's flags and events. <paramref name="isPage"/> picks the requests a browser navigates to (redirected
    /// to <c>/login</c>); the others get <paramref name="unauthorized"/> or <paramref name="forbidden"/>, never a redirect.
    /// <paramref name="validate"/> ends the session of a user who was deleted or whose role changed.
    /// </summary>
    public static void Configure(CookieAuthenticationOptions cookie, TimeSpan lifetime, Func<HttpRequest, bool> isPage,
        Func<HttpContext, Task> unauthorized, Func<HttpContext, Task> forbidden, Func<CookieValidatePrincipalContext, Task> validate)
    {
        cookie.Cookie.Name = Name;
        cookie.Cookie.HttpOnly = true;
        // Strict: no other site can make the browser send it, so a form on another site cannot act as the signed-in user.
        cookie.Cookie.SameSite = SameSiteMode.Strict;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.ExpireTimeSpan = lifetime;
        cookie.SlidingExpiration = true;
        cookie.LoginPath = "/login";
        cookie.AccessDeniedPath = "/login";
        cookie.ReturnUrlParameter = "returnUrl";
        cookie.Events = new CookieAuthenticationEvents
        {
            OnRedirectToLogin = context => isPage(context.Request) ? Redirect(context) : unauthorized(context.HttpContext),
            OnRedirectToAccessDenied = context => forbidden(context.HttpContext),
            OnValidatePrincipal = validate,
        };
    }

    private static Task Redirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
