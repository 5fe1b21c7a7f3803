using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Turtle.Silo.Tests.Telemetry;

/// <summary>One sample line: its name (with a histogram's _bucket/_sum/_count suffix), labels and value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>One metric family: TYPE, HELP and its samples in order.</summary>
public sealed record PrometheusFamily(string Name, string Type, string? Help, List<PrometheusSample> Samples);

/// <summary>
/// A strict parser of the Prometheus text exposition format 0.0.4, for tests: it throws on anything the format does not
/// allow (bad names, unescaped label values, a TYPE after the family's samples or twice, a family's samples split up,
/// sample names that do not belong to the family's type, values that are not Go floats, lines not ending in \n).
/// </summary>
public static partial class PrometheusText
{
    private static readonly HashSet<string> Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    public static Dictionary<string, PrometheusFamily> Parse(string text)
    {
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            throw new FormatException("The exposition must end with a line feed.");
        }

        if (text.Contains('\r'))
        {
            throw new FormatException("Lines end in \\n only.");
        }

        var families = new Dictionary<string, PrometheusFamily>(StringComparer.Ordinal);
        var finished = new HashSet<string>(StringComparer.Ordinal);
        PrometheusFamily? current = null;
        var lineNumber = 0;
        foreach (var line in text[..^1].Split('\n'))
        {
            lineNumber++;
            try
            {
                if (line.Length == 0)
                {
                    continue;
                }

                if (line.StartsWith('#'))
                {
                    current = Comment(line, families, finished, current);
                    continue;
                }

                var sample = Sample(line);
                var family = FamilyOf(sample.Name, families) ?? throw new FormatException($"sample '{sample.Name}' has no TYPE line before it");
                if (!ReferenceEquals(family, current))
                {
                    if (current is not null)
                    {
                        finished.Add(current.Name);
                    }

                    if (finished.Contains(family.Name))
                    {
                        throw new FormatException($"the samples of '{family.Name}' are not together");
                    }

                    current = family;
                }

                CheckSampleName(family, sample);
                family.Samples.Add(sample);
            }
            catch (FormatException exception)
            {
                throw new FormatException($"line {lineNumber} '{line}': {exception.Message}", exception);
            }
        }

        return families;
    }

    private static PrometheusFamily? Comment(string line, Dictionary<string, PrometheusFamily> families, HashSet<string> finished, PrometheusFamily? current)
    {
        var parts = line.Split(' ', 4);
        if (parts.Length < 3 || parts[0] != "#" || (parts[1] != "HELP" && parts[1] != "TYPE"))
        {
            return current; // a plain comment
        }

        var name = parts[2];
        if (!MetricName().IsMatch(name))
        {
            throw new FormatException($"'{name}' is not a metric name");
        }

        if (current is not null && current.Name != name)
        {
            finished.Add(current.Name);
        }

        if (finished.Contains(name))
        {
            throw new FormatException($"'{name}' comes back after other families");
        }

        families.TryGetValue(name, out var family);
        if (parts[1] == "TYPE")
        {
            var type = parts.Length == 4 ? parts[3] : throw new FormatException("TYPE without a type");
            if (!Types.Contains(type))
            {
                throw new FormatException($"'{type}' is not a metric type");
            }

            if (family is not null && family.Type != "untyped-pending")
            {
                throw new FormatException($"a second TYPE for '{name}'");
            }

            if (family is not null && family.Samples.Count > 0)
            {
                throw new FormatException($"TYPE of '{name}' after its samples");
            }

            family = family is null ? new PrometheusFamily(name, type, null, []) : family with { Type = type };
        }
        else
        {
            var help = Unescape(parts.Length == 4 ? parts[3] : "", allowQuote: false);
            if (family?.Help is not null)
            {
                throw new FormatException($"a second HELP for '{name}'");
            }

            family = family is null ? new PrometheusFamily(name, "untyped-pending", help, []) : family with { Help = help };
        }

        families[name] = family;
        return family;
    }

    private static PrometheusFamily? FamilyOf(string sampleName, Dictionary<string, PrometheusFamily> families)
    {
        if (families.TryGetValue(sampleName, out var exact))
        {
            return exact;
        }

        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal) && families.TryGetValue(sampleName[..^suffix.Length], out var family))
            {
                return family;
            }
        }

        return null;
    }

    private static void CheckSampleName(PrometheusFamily family, PrometheusSample sample)
    {
        switch (family.Type)
        {
            case "histogram":
                var suffix = sample.Name[family.Name.Length..];
                if (suffix is not ("_bucket" or "_sum" or "_count"))
                {
                    throw new FormatException($"histogram '{family.Name}' has a sample '{sample.Name}'");
                }

                if ((suffix == "_bucket") != sample.Labels.ContainsKey("le"))
                {
                    throw new FormatException("'le' belongs on _bucket samples and only there");
                }

                break;
            case "counter" or "gauge" or "untyped":
                if (sample.Name != family.Name)
                {
                    throw new FormatException($"{family.Type} '{family.Name}' has a sample '{sample.Name}'");
                }

                if (family.Type == "counter" && (sample.Value < 0 || double.IsNaN(sample.Value)))
                {
                    throw new FormatException("a counter is never negative");
                }

                break;
            case "untyped-pending":
                throw new FormatException($"'{family.Name}' has HELP but no TYPE");
        }
    }

    private static PrometheusSample Sample(string line)
    {
        var i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ')
        {
            i++;
        }

        var name = line[..i];
        if (!MetricName().IsMatch(name))
        {
            throw new FormatException($"'{name}' is not a metric name");
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                var label = eq > i ? line[i..eq] : throw new FormatException("a label without a name");
                if (!LabelName().IsMatch(label) || label.StartsWith("__", StringComparison.Ordinal))
                {
                    throw new FormatException($"'{label}' is not a label name");
                }

                if (line[eq + 1] != '"')
                {
                    throw new FormatException("a label value is quoted");
                }

                var value = new StringBuilder();
                var j = eq + 2;
                for (; line[j] != '"'; j++)
                {
                    if (line[j] == '\\')
                    {
                        j++;
                        value.Append(line[j] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            _ => throw new FormatException($"unknown escape \\{line[j]}"),
                        });
                    }
                    else
                    {
                        value.Append(line[j]);
                    }
                }

                if (!labels.TryAdd(label, value.ToString()))
                {
                    throw new FormatException($"label '{label}' twice");
                }

                i = j + 1;
                if (line[i] == ',')
                {
                    i++;
                }
                else if (line[i] != '}')
                {
                    throw new FormatException("labels are separated by commas");
                }
            }

            i++;
        }

        if (i >= line.Length || line[i] != ' ')
        {
            throw new FormatException("a space before the value");
        }

        var fields = line[(i + 1)..].Split(' ');
        if (fields.Length is < 1 or > 2 || (fields.Length == 2 && !long.TryParse(fields[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
        {
            throw new FormatException("a value and at most a timestamp (integer milliseconds)");
        }

        return new PrometheusSample(name, labels, ParseValue(fields[0]));
    }

    private static double ParseValue(string text) => text switch
    {
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ when FloatText().IsMatch(text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => throw new FormatException($"'{text}' is not a float"),
    };

    private static string Unescape(string text, bool allowQuote)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                result.Append(text[i]);
                continue;
            }

            i++;
            result.Append(i < text.Length ? text[i] switch
            {
                '\\' => '\\',
                'n' => '\n',
                '"' when allowQuote => '"',
                _ => throw new FormatException($"unknown escape \\{text[i]}"),
            } : throw new FormatException("a lone backslash"));
        }

        return result.ToString();
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();

    [GeneratedRegex(@"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")]
    private static partial Regex FloatText();
}
