namespace Turtle.Dashboard.Host.Security;

/// <summary>
/// Sign-in to the standalone dashboard, bound from <c>Turtle:Auth</c> like the silo's (docs/security.md): the same users
/// and roles, checked through the cluster.
/// </summary>
public sealed class DashboardAuthOptions
{
    public const string SectionName = "Turtle:Auth";

    /// <summary>
    /// Whether people must sign in. Off, every request acts as an anonymous admin and the host says so at Warning at
    /// every start (tests, a closed lab). <value>Default true.</value>
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a sign-in lasts without activity (sliding). <value>Default 8 hours.</value></summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// How long a session's user is taken as still existing with the same role before the cluster is asked again: a user
    /// deleted or given another role is signed out within this time. <value>Default 5 s.</value>
    /// </summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Sign-in attempts allowed per client address per minute (each costs the cluster a password hash). <value>Default 10.</value></summary>
    public int LoginAttemptsPerMinute { get; set; } = 10;
}
