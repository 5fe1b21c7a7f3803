using Turtle.Twin.Twins;

namespace Turtle.Twin.Hosts;

/// <summary>Names the fields of a host twin that differ between two versions (camelCase, as the API spells them).</summary>
internal static class HostChanges
{
    public static IReadOnlyList<string> Between(HostTwin? before, HostTwin after)
    {
        if (before is null)
        {
            return ["created"];
        }

        var changed = new List<string>(6);
        Add(changed, "health", before.Health != after.Health);
        Add(changed, "findings", !before.Findings.SequenceEqual(after.Findings));
        Add(changed, "facts", !Equals(before.Facts, after.Facts));
        Add(changed, "metrics", !ReferenceEquals(before.Metrics, after.Metrics));
        Add(changed, "processes", !before.Processes.SequenceEqual(after.Processes));
        Add(changed, "links", !before.Links.SequenceEqual(after.Links, StringComparer.Ordinal));
        Add(changed, "lastSeen", before.LastSeen != after.LastSeen);
        Add(changed, "alerts", !before.Alerts.SequenceEqual(after.Alerts) || !before.ResolvedAlerts.SequenceEqual(after.ResolvedAlerts));
        return changed;
    }

    private static void Add(List<string> changed, string field, bool differs)
    {
        if (differs)
        {
            changed.Add(field);
        }
    }
}
