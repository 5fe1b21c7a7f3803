using System.Security.Claims;
using Turtle.Twin.Security;

namespace Turtle.Dashboard.Security;

/// <summary>
/// What a dashboard principal carries besides its name and role claims, the same on a silo and on the standalone host:
/// how it signed in (<see cref="Kind"/>) and the role it was given (<see cref="Role"/>, checked again on each request).
/// The layout shows the user and the sign-out form for a <see cref="KindSession"/>.
/// </summary>
public static class SessionClaims
{
    public const string Kind = "turtle:kind";
    public const string Role = "turtle:role";

    /// <summary>A person signed in through the form (the session cookie).</summary>
    public const string KindSession = "session";

    /// <summary>Everyone, when sign-in is off (<c>Turtle:Auth:Enabled=false</c>).</summary>
    public const string KindOpen = "open";

    /// <summary>A principal named <paramref name="name"/>, of <paramref name="kind"/>, with <paramref name="role"/> and the role claims it includes.</summary>
    public static ClaimsPrincipal Principal(string scheme, string name, string kind, string role, IEnumerable<string> roleClaims)
    {
        var identity = new ClaimsIdentity(scheme, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, name));
        identity.AddClaim(new Claim(Kind, kind));
        identity.AddClaim(new Claim(Role, role));
        identity.AddClaims(roleClaims.Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(identity);
    }

    /// <summary>A signed-in user's session.</summary>
    public static ClaimsPrincipal Session(string scheme, string user, string role) =>
        Principal(scheme, user, KindSession, role, UserRoles.Including(role));
}
