using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Turtle.Collector.Agent;

/// <summary>
/// Reads the collector's YAML file as configuration keys: nested mappings and lists become <c>a:b:0:c</c> under the
/// section <c>Collector</c>, so one binder and one validator serve the file and the command line alike. Names match
/// without regard to case (<c>collectorId</c> sets <c>CollectorId</c>); null values are left out.
/// </summary>
public static class YamlSettings
{
    /// <exception cref="SettingsException">The file is missing, unreadable, or not a YAML mapping.</exception>
    public static Dictionary<string, string?> Load(string path)
    {
        var yaml = new YamlStream();
        try
        {
            using var reader = File.OpenText(path);
            yaml.Load(reader);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new SettingsException($"config file '{path}' does not exist");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new SettingsException($"config file '{path}' cannot be read: {exception.Message}");
        }
        catch (YamlException exception)
        {
            throw new SettingsException($"config file '{path}' line {exception.Start.Line}, column {exception.Start.Column}: {exception.Message}");
        }

        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var root = yaml.Documents.Count > 0 ? yaml.Documents[0].RootNode : null;
        switch (root)
        {
            case null or YamlScalarNode { Value: null or "" }:
                return settings; // an empty file sets nothing
            case YamlMappingNode mapping:
                Flatten(mapping, Configuration.CollectorOptions.SectionName, settings, path);
                return settings;
            default:
                throw new SettingsException($"config file '{path}' line {root.Start.Line}: must be a mapping of settings (gateways:, dc:, ...)");
        }
    }

    private static void Flatten(YamlNode node, string key, Dictionary<string, string?> settings, string path)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (name, value) in mapping.Children)
                {
                    if (name is not YamlScalarNode { Value: { Length: > 0 } text } || text.Contains(':'))
                    {
                        throw new SettingsException($"config file '{path}' line {name.Start.Line}: '{name}' is not a setting name");
                    }

                    Flatten(value, $"{key}:{text}", settings, path);
                }

                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    Flatten(sequence.Children[i], $"{key}:{i}", settings, path);
                }

                break;
            case YamlScalarNode scalar when !IsNull(scalar):
                settings[key] = scalar.Value;
                break;
        }
    }

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";
}
