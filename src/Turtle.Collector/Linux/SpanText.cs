using System.Buffers.Text;
using System.Text;

namespace Turtle.Collector.Linux;

/// <summary>
/// Parsing helpers for the kernel's ASCII text files, on spans so a sample does not allocate a string per field.
/// Fields are separated by spaces or tabs (both occur: <c>/proc/meminfo</c> pads with spaces, <c>status</c> uses tabs).
/// </summary>
internal static class SpanText
{
    /// <summary>The next field of <paramref name="rest"/>, which moves past it; empty when none is left.</summary>
    public static ReadOnlySpan<byte> NextField(ref ReadOnlySpan<byte> rest)
    {
        var start = rest.IndexOfAnyExcept((byte)' ', (byte)'\t');
        if (start < 0)
        {
            rest = default;
            return default;
        }

        rest = rest[start..];
        var end = rest.IndexOfAny((byte)' ', (byte)'\t');
        var field = end < 0 ? rest : rest[..end];
        rest = end < 0 ? default : rest[end..];
        return field;
    }

    /// <summary>Skips <paramref name="count"/> fields.</summary>
    public static void SkipFields(ref ReadOnlySpan<byte> rest, int count)
    {
        for (var i = 0; i < count; i++)
        {
            NextField(ref rest);
        }
    }

    /// <summary>The next field as an unsigned number; false when it is missing or not a number.</summary>
    public static bool TryNextULong(ref ReadOnlySpan<byte> rest, out ulong value) => TryParse(NextField(ref rest), out value);

    public static bool TryParse(ReadOnlySpan<byte> field, out ulong value) =>
        Utf8Parser.TryParse(field, out value, out var consumed) && consumed == field.Length;

    public static bool TryParse(ReadOnlySpan<byte> field, out long value) =>
        Utf8Parser.TryParse(field, out value, out var consumed) && consumed == field.Length;

    public static bool TryParse(ReadOnlySpan<byte> field, out double value) =>
        Utf8Parser.TryParse(field, out value, out var consumed) && consumed == field.Length;

    /// <summary>A hexadecimal field (<c>0A</c>, as in <c>/proc/net/tcp</c>).</summary>
    public static bool TryParseHex(ReadOnlySpan<byte> field, out uint value) =>
        Utf8Parser.TryParse(field, out value, out var consumed, 'X') && consumed == field.Length;

    /// <summary>For <c>Key: value</c> lines: whether <paramref name="line"/> starts with <paramref name="key"/> and a colon; <paramref name="value"/> is the rest, trimmed.</summary>
    public static bool TryGetValue(ReadOnlySpan<byte> line, ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (line.Length <= key.Length || !line.StartsWith(key))
        {
            return false;
        }

        var rest = Trim(line[key.Length..]);
        if (rest.IsEmpty || rest[0] != (byte)':')
        {
            return false;
        }

        value = Trim(rest[1..]);
        return true;
    }

    /// <summary>The <c>kB</c> amount of a <c>meminfo</c>- or <c>status</c>-style value, in bytes.</summary>
    public static bool TryParseKilobytes(ReadOnlySpan<byte> value, out long bytes)
    {
        bytes = 0;
        var rest = value;
        if (!TryParse(NextField(ref rest), out long kilobytes))
        {
            return false;
        }

        bytes = kilobytes * 1024;
        return true;
    }

    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text) => text.Trim(" \t\r\n\0"u8);

    /// <summary>UTF-8 to a string; invalid bytes become U+FFFD rather than failing.</summary>
    public static string Decode(ReadOnlySpan<byte> text) => Encoding.UTF8.GetString(text);
}
