using Microsoft.Extensions.Configuration;
using Turtle.Collector.Configuration;

namespace Turtle.Collector.Agent;

/// <summary>
/// The collector's settings from its two sources, the YAML file and the command line over it, as configuration keys;
/// and the check that they bind to valid <see cref="CollectorOptions"/>, done before the host starts so a mistake is
/// reported as a usage error, not as a stack trace.
/// </summary>
public static class CollectorSettings
{
    private const string GatewaysPrefix = CollectorOptions.SectionName + ":Gateways:";

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

    private static bool IsGateway(string key) => key.StartsWith(GatewaysPrefix, StringComparison.OrdinalIgnoreCase);
}
