namespace Turtle.Actors.Configuration;

/// <summary>What <c>/health/ready</c> checks beyond the silo's own status, bound from <c>Turtle:Health</c>.</summary>
public sealed class HealthOptions
{
    public const string SectionName = "Turtle:Health";

    /// <summary>
    /// The longest a storage probe (one read of a record that does not exist) may take before it counts as a failure;
    /// shorter than load balancers' probe timeouts, so a slow store is a 503, not a probe that hangs. <value>Default 1 second.</value>
    /// </summary>
    public TimeSpan StorageProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a probe's result is reused, so frequent readiness probes cost the store little. <value>Default 5 seconds.</value></summary>
    public TimeSpan StorageProbeCacheFor { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A clustered silo whose last successful read of the membership table is older than this is not ready (it cannot
    /// see who is alive). <value>Default 10 seconds (ten table refreshes at the default interval).</value>
    /// </summary>
    public TimeSpan MembershipStaleAfter { get; set; } = TimeSpan.FromSeconds(10);
}
