namespace Turtle.Silo.Audit;

/// <summary>Whether the audited request was carried out.</summary>
public enum AuditOutcome
{
    /// <summary>Done (2xx or 3xx).</summary>
    Allowed,

    /// <summary>Refused for who asked: 401, 403, 429, a wrong password.</summary>
    Denied,

    /// <summary>Allowed, but it failed (a 4xx other than those, or 5xx): bad input, no such token.</summary>
    Failed,
}

/// <summary>One audited action: who (user, or token and its owner), what (action and target), when, from where, outcome.</summary>
public sealed record AuditEntry(
    DateTimeOffset Time, string Actor, string Action, string? Target, string? RemoteIp, AuditOutcome Outcome, int Status, string? Detail, string Silo);

/// <summary>One day of the audit log (UTC): one storage record.</summary>
public sealed class AuditDay
{
    public List<AuditEntry> Entries { get; set; } = [];

    /// <summary>Refusals not kept because the day already held <see cref="AuditOptions.MaxEntriesPerDay"/> entries.</summary>
    public long Dropped { get; set; }
}

/// <summary>
/// Marks an endpoint whose requests are audited, named by <see cref="Action"/> (<c>tokens.create</c>). With
/// <see cref="SkipCollectors"/> a collector token's requests are not, nor any with sign-in off (ingest: a collector's
/// first use of its token and its refusals are audited instead, not each batch).
/// </summary>
public sealed record AuditedAction(string Action, bool SkipCollectors = false);
