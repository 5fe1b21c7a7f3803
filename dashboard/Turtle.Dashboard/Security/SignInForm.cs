using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Turtle.Dashboard.Security;

/// <summary>
/// The sign-in form's answers, the same wherever the dashboard is served: where a sign-in returns to (only a path of
/// this site), the form again after a failure, and the antiforgery-checked sign-out. Who checks the password and what
/// is recorded stays with the host.
/// </summary>
public static class SignInForm
{
    /// <summary><paramref name="returnUrl"/> when it is a path of this site: no scheme, no host, no <c>//</c> or <c>/\</c> a browser would read as another host; else <c>/</c>.</summary>
    public static string ReturnTarget(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/";

    /// <summary>The form again, saying the sign-in failed, still returning to <paramref name="target"/> afterwards.</summary>
    public static RedirectHttpResult Failed(string target) => TypedResults.LocalRedirect($"/login?failed=1&returnUrl={Uri.EscapeDataString(target)}");

    /// <summary>Ends the session if the form's antiforgery token is good (telling <paramref name="signingOut"/> first); a 400 problem otherwise.</summary>
    public static async Task<Results<RedirectHttpResult, ProblemHttpResult>> SignOutAsync(HttpContext http, IAntiforgery antiforgery, Action? signingOut = null)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return TypedResults.Problem("The sign-out form's antiforgery token is missing or wrong; sign out from the dashboard's own page.",
                statusCode: StatusCodes.Status400BadRequest, title: "Invalid form");
        }

        signingOut?.Invoke();
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.LocalRedirect("/login");
    }
}
