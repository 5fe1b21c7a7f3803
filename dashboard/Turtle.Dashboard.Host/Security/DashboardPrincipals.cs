using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Turtle.Twin.Security;

namespace Turtle.Dashboard.Host.Security;

/// <summary>
/// The principals the standalone dashboard makes, with the silo's claim names (the layout shows the user and the
/// sign-out form for a <c>turtle:kind</c> of <c>session</c>).
/// </summary>
internal static class DashboardPrincipals
{
    public const string KindClaim = "turtle:kind";
    public const string RoleClaim = "turtle:role";

    /// <summary>A signed-in person: name, the user's role (checked again on each request) and the role claims it includes.</summary>
    public static ClaimsPrincipal Session(ClusterUser user) =>
        Principal(CookieAuthenticationDefaults.AuthenticationScheme, user.Name, "session", user.Role);

    /// <summary>Everyone, when sign-in is off: an anonymous admin, as on a silo with <c>Turtle:Auth:Enabled=false</c>.</summary>
    public static ClaimsPrincipal Open(string scheme) => Principal(scheme, "anonymous", "open", UserRoles.Admin);

    private static ClaimsPrincipal Principal(string scheme, string name, string kind, string role)
    {
        var identity = new ClaimsIdentity(scheme, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, name));
        identity.AddClaim(new Claim(KindClaim, kind));
        identity.AddClaim(new Claim(RoleClaim, role));
        identity.AddClaims(UserRoles.Including(role).Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(identity);
    }
}
