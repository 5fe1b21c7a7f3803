using Microsoft.Extensions.Options;
using Turtle.Collector.Buffering;
using Turtle.Twin;

namespace Turtle.Collector.Configuration;

/// <summary>
/// Checks <see cref="CollectorOptions"/> before anything starts, naming each bad setting as the YAML file spells it (and
/// the command-line option, where there is one), so a mistake stops the collector with a message rather than later.
/// </summary>
public sealed class CollectorOptionsValidator : IValidateOptions<CollectorOptions>
{
    public ValidateOptionsResult Validate(string? name, CollectorOptions options)
    {
        var errors = Errors(options, Environment.MachineName);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every problem with <paramref name="options"/>, one sentence each; empty when they are good.</summary>
    public static List<string> Errors(CollectorOptions options, string machineName)
    {
        var errors = new List<string>();
        void Require(bool valid, string message)
        {
            if (!valid)
            {
                errors.Add(message);
            }
        }

        Require(options.Gateways.Count > 0, "no gateway: give one or more with --gateway URL (gateways: in the config file)");
        foreach (var gateway in options.Gateways)
        {
            Require(IsHttpUrl(gateway), $"gateway '{gateway}' is not an absolute http:// or https:// address");
        }

        Require(TwinKeys.IsDcName(options.Dc), options.Dc is null
            ? "no DC: give it with --dc NAME (dc: in the config file)"
            : $"dc '{options.Dc}' is not a DC name: 1 to 32 lower-case letters, digits and -, starting with a letter or digit");
        Require(options.Host is null || TwinKeys.IsHostName(options.Host), $"host '{options.Host}' is not a host name: 1 to 128 letters, digits and . _ -, starting with a letter or digit");
        Require(options.CollectorId is null || HostNames.IsCollectorId(options.CollectorId), $"collectorId '{options.CollectorId}' is not a collector id: 1 to 256 letters, digits and . _ : -, starting with a letter or digit");
        Require(options.Interval is >= 1 and <= 3600, $"interval must be between 1 and 3600 seconds, but is {options.Interval}");
        Require(options.ObserveThisHost || options.Scrape.Count > 0, "nothing to observe: observeThisHost is false and there are no scrape targets");
        Require(options.ObserveThisHost || options.Links.Count == 0, "links are probed from this machine, but observeThisHost is false");
        AddSamplerErrors(options, errors);
        AddScrapeErrors(options, errors);
        AddBufferAndShippingErrors(options, errors);
        Require(options.Token is null || options.TokenFile is null, "give the token once: token or tokenFile (--token-file), not both");
        Require(options.Token is null || (options.Token.Trim().Length > 0 && !options.Token.Any(char.IsControl)), "token is empty or has control characters");
        Require(options.TokenFile is null || File.Exists(options.TokenFile), $"tokenFile '{options.TokenFile}' does not exist");
        Require(options.CpuBudgetPercent is > 0 and <= 6_553_600, $"cpuBudgetPercent must be above 0 (percent of one CPU), but is {options.CpuBudgetPercent}");
        Require(options.MemoryBudgetBytes >= 1024 * 1024, $"memoryBudgetBytes must be at least 1048576 (1 MiB), but is {options.MemoryBudgetBytes}");

        AddLinkErrors(options, machineName, errors);
        if (errors.Count == 0)
        {
            var hosts = ObservedHost.Plan(options, machineName);
            foreach (var repeated in hosts.GroupBy(h => h.Key).Where(g => g.Count() > 1))
            {
                errors.Add($"host {repeated.Key} is observed {repeated.Count()} times; each scrape target needs its own host (or dc)");
            }

            // The collector service splits buffer.maxBytes equally among the observed hosts, and DiskBuffer.Open refuses a
            // share below its minimum: without this check, 64 KiB and five hosts passed here and then stopped the collector
            // at start with an ArgumentOutOfRangeException instead of a message naming the setting.
            if (options.Buffer.MaxBytes / hosts.Count < DiskBuffer.MinMaxBytes)
            {
                errors.Add($"buffer.maxBytes is shared by the {hosts.Count} observed hosts and must give each at least {DiskBuffer.MinMaxBytes} bytes, so be at least {DiskBuffer.MinMaxBytes * hosts.Count}, but is {options.Buffer.MaxBytes}");
            }
        }

        return errors;
    }

    private static void AddSamplerErrors(CollectorOptions options, List<string> errors)
    {
        try
        {
            // The sampler's own rules for processes and root, in its words.
            new HostSamplerOptions { Root = options.Root, Processes = options.Processes }.Validate();
        }
        catch (ArgumentException exception)
        {
            // "HostSamplerOptions.Processes.TopByCpu must ..." as the YAML spells it: "processes.topByCpu must ...".
            var message = exception.Message.Split(" (Parameter", 2)[0].Replace("HostSamplerOptions.", "", StringComparison.Ordinal);
            var space = message.IndexOf(' ');
            var setting = string.Join('.', message[..space].Split('.').Select(p => char.ToLowerInvariant(p[0]) + p[1..]));
            errors.Add(setting + message[space..].TrimEnd('.'));
        }
    }

    private static void AddLinkErrors(CollectorOptions options, string machineName, List<string> errors)
    {
        // The silo refuses a link from a host to itself, so the rules need this machine's key: known only when its dc and
        // host are valid (their own errors are reported above). A bad interval likewise is reported once, not per link.
        var self = options.ObserveThisHost ? ObservedHost.Plan(options with { Scrape = [] }, machineName)[0].Key : null;
        var interval = options.Interval is >= 1 and <= 3600 ? options.Interval : 3600;
        errors.AddRange(LinkTargetRules.Errors(options.Links, interval, TwinKeys.IsHostKey(self) ? self : null));
    }

    private static void AddScrapeErrors(CollectorOptions options, List<string> errors)
    {
        for (var i = 0; i < options.Scrape.Count; i++)
        {
            var target = options.Scrape[i];
            var where = $"scrape[{i}]";
            if (!IsHttpUrl(target.Url))
            {
                errors.Add($"{where}.url '{target.Url}' is not an absolute http:// or https:// address");
            }

            if (!TwinKeys.IsHostName(target.Host))
            {
                errors.Add(target.Host is null ? $"{where}.host is required" : $"{where}.host '{target.Host}' is not a host name");
            }

            if (target.Dc is not null && !TwinKeys.IsDcName(target.Dc))
            {
                errors.Add($"{where}.dc '{target.Dc}' is not a DC name");
            }

            if (target.CollectorId is not null && !HostNames.IsCollectorId(target.CollectorId))
            {
                errors.Add($"{where}.collectorId '{target.CollectorId}' is not a collector id");
            }

            if (target.TimeoutSeconds is not (> 0 and <= 600))
            {
                errors.Add($"{where}.timeoutSeconds must be above 0 and at most 600, but is {target.TimeoutSeconds}");
            }
        }
    }

    private static void AddBufferAndShippingErrors(CollectorOptions options, List<string> errors)
    {
        var (buffer, shipping) = (options.Buffer, options.Shipping);
        if (string.IsNullOrWhiteSpace(buffer.Directory))
        {
            errors.Add("buffer.directory must name a directory (--buffer DIR)");
        }

        if (buffer.MaxBytes < 64 * 1024)
        {
            errors.Add($"buffer.maxBytes must be at least 65536 (64 KiB), but is {buffer.MaxBytes}");
        }

        if (buffer.SegmentBytes < 4096)
        {
            errors.Add($"buffer.segmentBytes must be at least 4096, but is {buffer.SegmentBytes}");
        }

        if (shipping.RequestTimeoutSeconds is not (> 0 and <= 600))
        {
            errors.Add($"shipping.requestTimeoutSeconds must be above 0 and at most 600, but is {shipping.RequestTimeoutSeconds}");
        }

        if (shipping.BatchesPerRequest is < 1 or > 1000)
        {
            errors.Add($"shipping.batchesPerRequest must be between 1 and 1000, but is {shipping.BatchesPerRequest}");
        }

        if (shipping.MaxRequestBytes < 64 * 1024)
        {
            errors.Add($"shipping.maxRequestBytes must be at least 65536, but is {shipping.MaxRequestBytes}");
        }

        if (shipping.BackoffInitialSeconds is not (> 0 and <= 3600) || shipping.BackoffMaxSeconds < shipping.BackoffInitialSeconds || shipping.BackoffMaxSeconds > 3600)
        {
            errors.Add($"shipping.backoffInitialSeconds ({shipping.BackoffInitialSeconds}) and backoffMaxSeconds ({shipping.BackoffMaxSeconds}) must satisfy 0 < initial <= max <= 3600");
        }
    }

    private static bool IsHttpUrl(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);
}
