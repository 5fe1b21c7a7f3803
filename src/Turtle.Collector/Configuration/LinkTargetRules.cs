using Turtle.Collector.Probes;
using Turtle.Twin;
using Turtle.Twin.Observations;

namespace Turtle.Collector.Configuration;

/// <summary>
/// What makes a list of <see cref="LinkTarget"/>s valid, for the collector's validator and the silo's embedded collector
/// alike. Beyond each setting's range it refuses what would make the silo refuse every batch the links ride in: a link
/// to the observed host itself, two links to the same <c>to</c>, a key too long for history, more links than a batch holds.
/// </summary>
public static class LinkTargetRules
{
    /// <summary>Every problem with <paramref name="links"/>, one sentence each, naming the setting as the user wrote it.</summary>
    /// <param name="links">The links as configured.</param>
    /// <param name="interval">Seconds between samples: a probe round must end before the next sample is due.</param>
    /// <param name="fromHostKey">The observed host's key (<c>dc1/web-1</c>); null when not known yet (its own errors are reported elsewhere).</param>
    /// <param name="name">
    /// The list's name: <c>links</c> in the YAML file (settings named <c>links[0].target</c>), or a configuration key
    /// such as <c>Turtle:Collector:Links</c> (settings named <c>Turtle:Collector:Links:0:Target</c>).
    /// </param>
    public static List<string> Errors(IReadOnlyList<LinkTarget> links, double interval, string? fromHostKey, string name = "links")
    {
        var configurationKeys = name.Contains(':', StringComparison.Ordinal);
        string Setting(int index, string field) => configurationKeys
            ? $"{name}:{index}:{char.ToUpperInvariant(field[0])}{field[1..]}"
            : $"{name}[{index}].{field}";

        var errors = new List<string>();
        var maxLinks = ObservationLimits.Default.MaxLinks;
        if (links.Count > maxLinks)
        {
            errors.Add($"{name} holds {links.Count} links, but one observation carries at most {maxLinks}");
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < links.Count; i++)
        {
            var link = links[i];
            if (ToError(link.To, fromHostKey) is { } toError)
            {
                errors.Add($"{Setting(i, "to")} {toError}");
            }
            else if (!seen.TryAdd(link.To!, i))
            {
                errors.Add($"{Setting(i, "to")} '{link.To}' repeats {Setting(seen[link.To!], "to")}; each link needs its own to");
            }

            if (!HostPort.TryParse(link.Target, out _))
            {
                errors.Add(link.Target is null
                    ? $"{Setting(i, "target")} is required"
                    : $"{Setting(i, "target")} '{link.Target}' is not host:port (10.0.2.1:22, [fd00::1]:443 or gw.dc2:22; port 1 to 65535)");
            }

            if (link.Count is < 1 or > LinkTarget.MaxCount)
            {
                errors.Add($"{Setting(i, "count")} must be between 1 and {LinkTarget.MaxCount}, but is {link.Count}");
            }

            // Below the interval: the sample waits for the round, and a round as long as the interval would delay the next.
            if (link.TimeoutSeconds is not (> 0 and <= LinkTarget.MaxTimeoutSeconds) || link.TimeoutSeconds >= interval)
            {
                errors.Add($"{Setting(i, "timeoutSeconds")} must be above 0, at most {LinkTarget.MaxTimeoutSeconds} and below the interval ({interval} s), but is {link.TimeoutSeconds}");
            }
        }

        return errors;
    }

    private static string? ToError(string? to, string? fromHostKey) => to switch
    {
        null => "is required",
        _ when !TwinKeys.IsNodeKey(to) => $"'{to}' is neither a host key (dc2/gw) nor a DC name (dc2)",
        _ when to == fromHostKey => $"'{to}' is the observed host itself",
        _ when fromHostKey is not null && TwinKeys.Link(fromHostKey, to).Length > TwinKeys.MaxKeyLength =>
            $"'{to}' makes the link's key ({TwinKeys.Link(fromHostKey, to)}) longer than {TwinKeys.MaxKeyLength} characters",
        _ => null,
    };
}
