using System.Globalization;
using System.Text;

namespace Turtle.Collector.Scrape;

/// <summary>
/// Parses the Prometheus text exposition format (version 0.0.4): <c># HELP</c> and <c># TYPE</c> lines, other comments,
/// blank lines, and samples <c>name{label="value",...} value [timestamp]</c> with label values escaped as <c>\\</c>,
/// <c>\"</c> and <c>\n</c>, values including <c>NaN</c>, <c>+Inf</c> and <c>-Inf</c>. Anything else is refused with a
/// <see cref="PrometheusFormatException"/> naming the line: a half-read scrape would silently drop metrics.
/// Names and label values repeat across lines and scrapes, so one parser keeps them as shared strings; reuse it.
/// </summary>
public sealed class PrometheusTextParser
{
    private const int MaxInterned = 16_384;

    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly StringBuilder _unescaped = new();

    public PrometheusTextParser() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Parses a whole exposition.</summary>
    /// <exception cref="PrometheusFormatException">A line breaks the format.</exception>
    public PrometheusScrape Parse(string text)
    {
        if (_strings.Count > MaxInterned)
        {
            _strings.Clear(); // label values that churn (a per-connection label) must not grow it forever
        }

        var samples = new List<PrometheusSample>();
        var families = new Dictionary<string, PrometheusFamily>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            var line = rawLine.TrimStart(" \t").TrimEnd(" \t\r");
            if (line.IsEmpty)
            {
                continue;
            }

            var cursor = new LineCursor(line, lineNumber);
            if (line[0] == '#')
            {
                ReadComment(ref cursor, families);
            }
            else
            {
                samples.Add(ReadSample(ref cursor));
            }
        }

        return new PrometheusScrape(samples, families);
    }

    private void ReadComment(ref LineCursor cursor, Dictionary<string, PrometheusFamily> families)
    {
        cursor.Skip(1);
        cursor.SkipBlanks();
        var keyword = cursor.TakeUntilBlank();
        var isHelp = keyword.SequenceEqual("HELP");
        if (!isHelp && !keyword.SequenceEqual("TYPE"))
        {
            return; // any other comment
        }

        cursor.SkipBlanks();
        var name = Intern(cursor.TakeMetricName() is { IsEmpty: false } n ? n : throw cursor.Error($"# {keyword} needs a metric name"));
        var existing = families.GetValueOrDefault(name) ?? new PrometheusFamily(name);
        if (isHelp)
        {
            if (existing.Help is not null)
            {
                throw cursor.Error($"a second HELP line for {name}");
            }

            cursor.SkipBlanks();
            families[name] = existing with { Help = Unescape(ref cursor, untilQuote: false) };
            return;
        }

        if (families.TryGetValue(name, out var typed) && typed.Type != PrometheusMetricType.Untyped)
        {
            throw cursor.Error($"a second TYPE line for {name}");
        }

        cursor.SkipBlanks();
        var type = cursor.TakeUntilBlank();
        cursor.SkipBlanks();
        if (!cursor.AtEnd)
        {
            throw cursor.Error($"unexpected text after the type of {name}");
        }

        families[name] = existing with
        {
            Type = type switch
            {
                "counter" => PrometheusMetricType.Counter,
                "gauge" => PrometheusMetricType.Gauge,
                "histogram" => PrometheusMetricType.Histogram,
                "summary" => PrometheusMetricType.Summary,
                "untyped" => PrometheusMetricType.Untyped,
                _ => throw cursor.Error($"unknown metric type \"{type}\" for {name} (counter, gauge, histogram, summary or untyped)"),
            },
        };
    }

    private PrometheusSample ReadSample(ref LineCursor cursor)
    {
        var nameSpan = cursor.TakeMetricName();
        if (nameSpan.IsEmpty)
        {
            throw cursor.Error("expected a metric name, a comment or a blank line");
        }

        var name = Intern(nameSpan);
        var separated = cursor.SkipBlanks(); // blanks may stand between the name and its labels too
        IReadOnlyList<PrometheusLabel> labels = [];
        if (cursor.Peek == '{')
        {
            labels = ReadLabels(ref cursor);
            separated = cursor.SkipBlanks() || !cursor.AtEnd; // the closing brace already ends the name
        }

        if (!separated)
        {
            throw cursor.AtEnd ? cursor.Error($"{name} has no value") : cursor.Error($"unexpected character '{cursor.Peek}' after {name}");
        }

        var valueText = cursor.TakeUntilBlank();
        var value = ParseValue(valueText, ref cursor);
        cursor.SkipBlanks();
        long? timestamp = null;
        if (!cursor.AtEnd)
        {
            var timestampText = cursor.TakeUntilBlank();
            timestamp = long.TryParse(timestampText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms)
                ? ms
                : throw cursor.Error($"invalid timestamp \"{timestampText}\" (milliseconds since the epoch, an integer)");
            cursor.SkipBlanks();
            if (!cursor.AtEnd)
            {
                throw cursor.Error($"unexpected text after the timestamp of {name}");
            }
        }

        return new PrometheusSample(name, labels, value, timestamp);
    }

    private List<PrometheusLabel> ReadLabels(ref LineCursor cursor)
    {
        var labels = new List<PrometheusLabel>(4);
        cursor.Skip(1); // {
        while (true)
        {
            cursor.SkipBlanks();
            if (cursor.Peek == '}')
            {
                cursor.Skip(1); // also after a trailing comma, which the format allows
                return labels;
            }

            var labelName = cursor.TakeLabelName();
            if (labelName.IsEmpty)
            {
                throw cursor.Error(cursor.AtEnd ? "labels not closed with '}'" : $"expected a label name, found '{cursor.Peek}'");
            }

            var label = Intern(labelName);
            cursor.SkipBlanks();
            Expect(ref cursor, '=', $"expected '=' after label {label}");
            cursor.SkipBlanks();
            Expect(ref cursor, '"', $"expected '\"' to open the value of label {label}");
            var value = Unescape(ref cursor, untilQuote: true);
            if (labels.Exists(l => l.Name == label))
            {
                throw cursor.Error($"label {label} appears twice");
            }

            labels.Add(new PrometheusLabel(label, value));
            cursor.SkipBlanks();
            if (cursor.Peek == ',')
            {
                cursor.Skip(1);
            }
            else if (cursor.Peek != '}')
            {
                throw cursor.Error(cursor.AtEnd ? "labels not closed with '}'" : $"expected ',' or '}}' after the value of label {label}");
            }
        }
    }

    /// <summary>
    /// A label value (up to its closing quote, which is consumed) or a HELP text (to the end of the line), with
    /// <c>\\</c>, <c>\n</c> and, in label values, <c>\"</c> undone. An unknown escape is an error in a label value and
    /// kept as written in a HELP text (exporters are loose there, and HELP is never used for data).
    /// </summary>
    private string Unescape(ref LineCursor cursor, bool untilQuote)
    {
        _unescaped.Clear();
        var plain = true;
        var start = cursor.Position;
        while (!cursor.AtEnd)
        {
            var c = cursor.Take();
            if (untilQuote && c == '"')
            {
                return plain ? Intern(cursor.Slice(start, cursor.Position - 1)) : Intern(_unescaped.ToString());
            }

            if (c != '\\')
            {
                _unescaped.Append(c);
                continue;
            }

            plain = false;
            var escaped = cursor.AtEnd ? '\0' : cursor.Take();
            switch (escaped)
            {
                case '\\': _unescaped.Append('\\'); break;
                case 'n': _unescaped.Append('\n'); break;
                case '"' when untilQuote: _unescaped.Append('"'); break;
                default:
                    if (untilQuote)
                    {
                        throw cursor.Error(escaped == '\0' ? "a label value ends in '\\'" : $"invalid escape \\{escaped} in a label value (only \\\\, \\\" and \\n)");
                    }

                    _unescaped.Append('\\');
                    if (escaped != '\0')
                    {
                        _unescaped.Append(escaped);
                    }

                    break;
            }
        }

        return untilQuote ? throw cursor.Error("a label value is not closed with '\"'") : _unescaped.ToString();
    }

    private static double ParseValue(ReadOnlySpan<char> text, ref LineCursor cursor)
    {
        if (text.Equals("NaN", StringComparison.OrdinalIgnoreCase))
        {
            return double.NaN;
        }

        if (text.Equals("+Inf", StringComparison.OrdinalIgnoreCase) || text.Equals("Inf", StringComparison.OrdinalIgnoreCase))
        {
            return double.PositiveInfinity;
        }

        if (text.Equals("-Inf", StringComparison.OrdinalIgnoreCase))
        {
            return double.NegativeInfinity;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw cursor.Error($"invalid value \"{text}\" (a number, NaN, +Inf or -Inf)");
    }

    private static void Expect(ref LineCursor cursor, char expected, string problem)
    {
        if (cursor.Peek != expected)
        {
            throw cursor.Error(problem);
        }

        cursor.Skip(1);
    }

    private string Intern(ReadOnlySpan<char> text)
    {
        if (_lookup.TryGetValue(text, out var known))
        {
            return known;
        }

        var created = text.ToString();
        _strings[created] = created;
        return created;
    }

    private string Intern(string text) => _strings.TryAdd(text, text) ? text : _strings[text];
}
