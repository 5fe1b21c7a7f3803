namespace Turtle.Silo.Security;

/// <summary>Authentication and authorization of the HTTP API and dashboard, bound from <c>Turtle:Auth</c> (docs/security.md).</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Turtle:Auth";

    /// <summary>
    /// Whether requests must authenticate. Off, every request acts as an anonymous admin (tests, a closed lab).
    /// <value>Default true.</value>
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a rotated token keeps working beside its successor, unless revoked sooner. <value>Default 24 hours.</value></summary>
    public TimeSpan RotationOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a silo answers from its copy of the token and user records before reading them again: a token revoked on
    /// another silo stops working here within this time (at once on the silo that revoked it). <value>Default 5 s.</value>
    /// </summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A token's "last used" time is written at most this often (it is read on every request). <value>Default 1 minute.</value></summary>
    public TimeSpan LastUsedResolution { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a dashboard sign-in lasts without activity (sliding). <value>Default 8 hours.</value></summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How long an API token made by <c>turtle login</c> (<c>POST /api/v1/login</c>) lasts. <value>Default 30 days.</value></summary>
    public TimeSpan LoginTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The name of the admin created, with a random password printed once, when no admin exists at start. <value>Default "admin".</value></summary>
    public string BootstrapAdmin { get; set; } = "admin";

    /// <summary>
    /// Whether <c>/metrics</c> (the named policy <c>metrics</c>) answers requests from a loopback address without a token;
    /// from elsewhere it needs a viewer. <value>Default true.</value>
    /// </summary>
    public bool AnonymousMetricsOnLoopback { get; set; } = true;
}
