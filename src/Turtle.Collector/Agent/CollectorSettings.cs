using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Turtle.Collector.Configuration;

namespace Turtle.Collector.Agent;

/// <summary>
/// The collector's settings from its two sources, the YAML file and the command line over it, as configuration keys;
/// and the check that they bind to valid <see cref="CollectorOptions"/>, done before the host starts so a mistake is
/// reported as a usage error, not as a stack trace.
/// </summary>
public static partial class CollectorSettings
{
    private const string GatewaysPrefix = CollectorOptions.SectionName + ":Gateways:";

    /// <summary>
    /// The settings that hold a list or a mapping, under the section. The binder skips a single value given for one
    /// without a word, so <c>gateways: http://silo-1:5080</c> (no list) or <c>watched: nginx</c> would be dropped:
    /// a confusing "no gateway", or a watched process silently not watched. <see cref="Check"/> refuses them instead.
    /// </summary>
    private static readonly (Regex Key, string Shape)[] Structured = [(ListSetting(), "a list"), (MappingSetting(), "a mapping of settings")];

    /// <exception cref="SettingsException">The YAML file cannot be used.</exception>
    public static Dictionary<string, string?> Load(CommandLine commandLine)
    {
        var settings = commandLine.ConfigFile is { } file ? YamlSettings.Load(file) : new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (commandLine.Settings.Keys.Any(IsGateway))
        {
            // --gateway replaces the file's list rather than overwriting its first entries.
            foreach (var key in settings.Keys.Where(IsGateway).ToList())
            {
                settings.Remove(key);
            }
        }

        foreach (var (key, value) in commandLine.Settings)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>The options <paramref name="settings"/> describe, or the reasons they are not valid.</summary>
    public static (CollectorOptions? Options, List<string> Errors) Check(IReadOnlyDictionary<string, string?> settings)
    {
        var misshapen = SingleValuesOfStructuredSettings(settings);
        if (misshapen.Count > 0)
        {
            return (null, misshapen);
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        CollectorOptions options;
        try
        {
            options = Bind(configuration.GetSection(CollectorOptions.SectionName));
        }
        catch (InvalidOperationException exception)
        {
            // The binder names the type and the key: "'Bogus' not found on CollectorOptions", "'abc' at 'Collector:Interval'".
            return (null, [exception.InnerException is { } inner ? $"{exception.Message} {inner.Message}" : exception.Message]);
        }

        var errors = CollectorOptionsValidator.Errors(options, Environment.MachineName);
        return (errors.Count == 0 ? options : null, errors);
    }

    /// <summary>Binds like the host does: a setting name the options do not have is an error, not ignored.</summary>
    public static CollectorOptions Bind(IConfiguration section) =>
        section.Get<CollectorOptions>(binder => binder.ErrorOnUnknownConfiguration = true) ?? new CollectorOptions();

    /// <summary>"gateways must be a list, not the single value '...'" for each list or mapping given a single value.</summary>
    private static List<string> SingleValuesOfStructuredSettings(IReadOnlyDictionary<string, string?> settings)
    {
        var errors = new List<string>();
        const string Prefix = CollectorOptions.SectionName + ":";
        foreach (var (key, value) in settings.Where(s => s.Value is not null && s.Key.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)))
        {
            var name = key[Prefix.Length..];
            if (Structured.FirstOrDefault(s => s.Key.IsMatch(name)).Shape is { } shape)
            {
                // As the YAML file spells it: processes.watched, scrape[0].
                var spelled = ListIndex().Replace(name, "[$1]").Replace(':', '.');
                errors.Add($"{spelled} must be {shape}, not the single value '{value}'");
            }
        }

        return errors;
    }

    private static bool IsGateway(string key) => key.StartsWith(GatewaysPrefix, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("^(Gateways|Scrape|Links|Processes:Watched)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ListSetting();

    [GeneratedRegex(@"^(Processes|Buffer|Shipping|Scrape:\d+|Links:\d+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MappingSetting();

    [GeneratedRegex(@":(\d+)")]
    private static partial Regex ListIndex();
}
