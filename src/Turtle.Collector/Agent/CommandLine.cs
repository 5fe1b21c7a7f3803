using System.Globalization;
using Turtle.Collector.Configuration;

namespace Turtle.Collector.Agent;

/// <summary>
/// The collector's command line: each option becomes a configuration key of the section <c>Collector</c>, laid over
/// the YAML file's settings. Only the everyday settings have options; the file has them all.
/// </summary>
/// <param name="Settings">Configuration keys (<c>Collector:Dc</c>) and values.</param>
/// <param name="ConfigFile">The YAML file (<c>--config</c>); null when none.</param>
/// <param name="Help">--help: print the usage and stop.</param>
/// <param name="ShowVersion">--version: print the version and stop.</param>
/// <param name="Verbose">--verbose: log at Debug level (every request).</param>
/// <param name="Error">Why the command line is wrong; null when it is fine.</param>
public sealed record CommandLine(IReadOnlyDictionary<string, string?> Settings, string? ConfigFile, bool Help, bool ShowVersion, bool Verbose, string? Error)
{
    private const string Prefix = CollectorOptions.SectionName + ":";

    /// <summary>Options that take a value, and the key each sets (<c>--gateway</c> adds to a list).</summary>
    private static readonly Dictionary<string, string> ValueOptions = new(StringComparer.Ordinal)
    {
        ["--gateway"] = "Gateways",
        ["--dc"] = "Dc",
        ["--host"] = "Host",
        ["--collector-id"] = "CollectorId",
        ["--interval"] = "Interval",
        ["--buffer"] = "Buffer:Directory",
        ["--token-file"] = "TokenFile",
        ["--config"] = "",
    };

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        string? config = null;
        bool help = false, version = false, verbose = false;
        var gateways = 0;
        for (var i = 0; i < args.Count; i++)
        {
            var (option, inlineValue) = Split(args[i]);
            switch (option)
            {
                case "--help" or "-h":
                    help = true;
                    continue;
                case "--version":
                    version = true;
                    continue;
                case "--verbose":
                    verbose = true;
                    continue;
            }

            if (!ValueOptions.TryGetValue(option, out var key))
            {
                return Failed(option.StartsWith('-') ? $"unknown option '{option}'" : $"unexpected argument '{option}'");
            }

            var value = inlineValue ?? (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null);
            if (string.IsNullOrEmpty(value))
            {
                return Failed($"{option} needs a value");
            }

            if (option == "--interval" && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                return Failed($"--interval '{value}' is not a number of seconds (1 to 3600)");
            }

            if (option == "--config")
            {
                config = value;
            }
            else
            {
                settings[Prefix + (option == "--gateway" ? $"{key}:{gateways++}" : key)] = value;
            }
        }

        return new CommandLine(settings, config, help, version, verbose, null);
    }

    private static (string Option, string? Value) Split(string arg)
    {
        var equals = arg.StartsWith("--", StringComparison.Ordinal) ? arg.IndexOf('=') : -1;
        return equals < 0 ? (arg, null) : (arg[..equals], arg[(equals + 1)..]);
    }

    private static CommandLine Failed(string error) => new(new Dictionary<string, string?>(), null, false, false, false, error);
}
