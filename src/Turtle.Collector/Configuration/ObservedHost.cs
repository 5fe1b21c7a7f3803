namespace Turtle.Collector.Configuration;

/// <summary>
/// One host the collector observes, with everything resolved: this machine (<see cref="ScrapeUrl"/> null) or a scrape
/// target. Each has its own sampler, collector id, sequence numbers and buffer folder.
/// </summary>
public sealed record ObservedHost(string Dc, string Host, string CollectorId, Uri? ScrapeUrl = null, TimeSpan ScrapeTimeout = default)
{
    /// <summary>The twin's host key, <c>dc1/web-1</c>.</summary>
    public string Key => $"{Dc}/{Host}";

    /// <summary>The buffer's folder for this host: DC names hold no '_', so <c>&lt;dc&gt;_&lt;host&gt;</c> is unambiguous.</summary>
    public string BufferFolder => $"{Dc}_{Host}";

    /// <summary>
    /// The hosts <paramref name="options"/> describe, this machine first, defaults filled in. Assumes options that
    /// passed <see cref="CollectorOptionsValidator"/> (or are being checked by it: nothing here throws).
    /// </summary>
    public static IReadOnlyList<ObservedHost> Plan(CollectorOptions options, string machineName)
    {
        var dc = options.Dc ?? "";
        var hosts = new List<ObservedHost>();
        if (options.ObserveThisHost)
        {
            var host = options.Host ?? HostNames.FromMachineName(machineName);
            hosts.Add(new ObservedHost(dc, host, options.CollectorId ?? $"{dc}-{host}"));
        }

        foreach (var target in options.Scrape)
        {
            var targetDc = target.Dc ?? dc;
            var host = target.Host ?? "";
            Uri.TryCreate(target.Url, UriKind.Absolute, out var url);
            hosts.Add(new ObservedHost(targetDc, host, target.CollectorId ?? $"{targetDc}-{host}", url, TimeSpan.FromSeconds(target.TimeoutSeconds)));
        }

        return hosts;
    }
}
