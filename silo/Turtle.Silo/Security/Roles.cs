// The user roles are defined with the grain contracts, so the standalone dashboard reads them the same way.
using Turtle.Dashboard.Security;
using SharedRoles = Turtle.Twin.Security.UserRoles;

namespace Turtle.Silo.Security;

/// <summary>
/// The roles, each including the ones below it (an admin may do what an operator may, an operator what a viewer may),
/// and <see cref="Collector"/>, which may only push observations.
/// </summary>
public static class Roles
{
    public const string Viewer = SharedRoles.Viewer;
    public const string Operator = SharedRoles.Operator;
    public const string Admin = SharedRoles.Admin;
    public const string Collector = "collector";

    /// <summary>The roles a person or tool may be given.</summary>
    public static readonly IReadOnlyList<string> UserRoles = [Viewer, Operator, Admin];

    public static bool IsUserRole(string? role) => role is Viewer or Operator or Admin;

    /// <summary>The role and every role it includes: the role claims a principal carries.</summary>
    public static IReadOnlyList<string> Including(string role) => role == Collector ? [Collector] : SharedRoles.Including(role);
}

/// <summary>The named authorization policies; every endpoint names one (or is anonymous), and the fallback is <see cref="Viewer"/>.</summary>
public static class AuthPolicies
{
    /// <summary>Reads: pages, live streams, <c>GET /api/v1/…</c>.</summary>
    public const string Viewer = "viewer";

    /// <summary>Changes to the twin or its settings by people and tools.</summary>
    public const string Operator = "operator";

    /// <summary>Tokens, users, the audit log, failover administration.</summary>
    public const string Admin = "admin";

    /// <summary><c>POST /api/v1/observations</c>: a collector token, or an operator.</summary>
    public const string Ingest = "ingest";

    /// <summary><c>/metrics</c>: anonymous from loopback (<c>Turtle:Auth:AnonymousMetricsOnLoopback</c>), else a viewer.</summary>
    public const string Metrics = "metrics";

    /// <summary>The role a policy needs, for the 403 answer.</summary>
    public static string Needs(string? policy) => policy switch
    {
        Operator => "operator",
        Admin => "admin",
        Ingest => "a collector token or operator",
        _ => "viewer",
    };
}

/// <summary>The claims a Turtle principal carries besides its name and roles (the dashboard's <see cref="SessionClaims"/>, and the API's token).</summary>
public static class TurtleClaims
{
    /// <summary>The id of the API token the request presented (<c>tok_…</c>).</summary>
    public const string TokenId = "turtle:token";

    /// <summary>How the principal signed in: <see cref="KindCollector"/>, <see cref="KindToken"/>, <see cref="KindSession"/> or <see cref="KindOpen"/>.</summary>
    public const string Kind = SessionClaims.Kind;

    /// <summary>The role a user or token was given (the role claims add the ones it includes).</summary>
    public const string Role = SessionClaims.Role;

    public const string KindCollector = "collector";
    public const string KindToken = "token";
    public const string KindSession = SessionClaims.KindSession;
    public const string KindOpen = SessionClaims.KindOpen;
}
