using Turtle.Collector.Configuration;

namespace Turtle.Collector.Probes;

/// <summary>A link to probe, parsed from its <see cref="LinkTarget"/>: <see cref="Count"/> connects per round, the round bounded by <see cref="Timeout"/>.</summary>
/// <param name="To">The far end in the twin (<c>dc2/gw</c> or <c>dc2</c>).</param>
/// <param name="Target">The target as configured, sent with the observation for people to read.</param>
/// <param name="Endpoint">The target parsed.</param>
/// <param name="Count">Connects per round.</param>
/// <param name="Timeout">The longest the round may take, name lookup included.</param>
public sealed record LinkProbe(string To, string Target, HostPort Endpoint, int Count, TimeSpan Timeout)
{
    /// <summary>The probe <paramref name="link"/> describes.</summary>
    /// <exception cref="ArgumentException">The link has no <c>to</c> or its target is not host:port (<see cref="LinkTargetRules"/> says why).</exception>
    public static LinkProbe From(LinkTarget link)
    {
        if (link.To is null || !HostPort.TryParse(link.Target, out var endpoint))
        {
            throw new ArgumentException($"The link to '{link.To}' ({link.Target}) is not valid; check it with LinkTargetRules first.", nameof(link));
        }

        return new LinkProbe(link.To, link.Target!, endpoint, link.Count, TimeSpan.FromSeconds(link.TimeoutSeconds));
    }
}
