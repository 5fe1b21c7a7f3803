namespace Turtle.Collector.Scrape;

/// <summary>A position in one line of an exposition, with the token rules of the Prometheus text format.</summary>
internal ref struct LineCursor(ReadOnlySpan<char> line, int lineNumber)
{
    private readonly ReadOnlySpan<char> _line = line;

    public int Position { get; private set; }

    public readonly bool AtEnd => Position >= _line.Length;

    /// <summary>The current character, or NUL at the end.</summary>
    public readonly char Peek => AtEnd ? '\0' : _line[Position];

    public char Take() => _line[Position++];

    public void Skip(int count) => Position += count;

    public readonly ReadOnlySpan<char> Slice(int start, int end) => _line[start..end];

    /// <summary>Skips spaces and tabs; whether there were any.</summary>
    public bool SkipBlanks()
    {
        var start = Position;
        while (!AtEnd && _line[Position] is ' ' or '\t')
        {
            Position++;
        }

        return Position > start;
    }

    public ReadOnlySpan<char> TakeUntilBlank()
    {
        var start = Position;
        while (!AtEnd && _line[Position] is not (' ' or '\t'))
        {
            Position++;
        }

        return _line[start..Position];
    }

    /// <summary>A metric name, <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>; empty when none starts here.</summary>
    public ReadOnlySpan<char> TakeMetricName() => TakeName(allowColon: true);

    /// <summary>A label name, <c>[a-zA-Z_][a-zA-Z0-9_]*</c>; empty when none starts here.</summary>
    public ReadOnlySpan<char> TakeLabelName() => TakeName(allowColon: false);

    public readonly PrometheusFormatException Error(string problem) => new(lineNumber, problem);

    private ReadOnlySpan<char> TakeName(bool allowColon)
    {
        var start = Position;
        while (!AtEnd)
        {
            var c = _line[Position];
            var allowed = char.IsAsciiLetter(c) || c == '_' || (allowColon && c == ':') || (Position > start && char.IsAsciiDigit(c));
            if (!allowed)
            {
                break;
            }

            Position++;
        }

        return _line[start..Position];
    }
}
