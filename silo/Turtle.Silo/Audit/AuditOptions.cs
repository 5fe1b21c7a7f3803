namespace Turtle.Silo.Audit;

/// <summary>The audit log of writes and admin actions, bound from <c>Turtle:Audit</c> (docs/security.md).</summary>
public sealed class AuditOptions
{
    public const string SectionName = "Turtle:Audit";

    /// <summary>Days of entries kept; older days are deleted. <value>Default 90.</value></summary>
    public int RetentionDays { get; set; } = 90;

    /// <summary>
    /// The most entries a day keeps. Past it, refusals (401, 403, 429) are counted but not kept, so a flood of bad
    /// requests cannot grow the log without bound; allowed actions are always kept. <value>Default 20,000.</value>
    /// </summary>
    public int MaxEntriesPerDay { get; set; } = 20_000;

    /// <summary>The same refusal (actor, address, action, status) is kept at most once in this time per silo. <value>Default 1 minute.</value></summary>
    public TimeSpan RefusalQuiet { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often entries are written to storage (a query writes the pending ones first). <value>Default 2 s.</value></summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(2);
}
