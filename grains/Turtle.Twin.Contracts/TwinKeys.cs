using System.Globalization;
using System.Text.RegularExpressions;

namespace Turtle.Twin;

/// <summary>
/// The twin's grain keys, built and taken apart in one place: a DC is <c>dc1</c>, a host <c>dc1/udm-pro</c>, a
/// process <c>dc1/udm-pro/1234@1763800000</c> (pid and start time in Unix seconds, since pids are reused), a network
/// link <c>dc1/udm-pro->dc2/gw</c> (from a host to a host or a DC). Every key starts with its DC, which is what
/// DC-affine placement reads.
/// </summary>
public static partial class TwinKeys
{
    /// <summary>The fleet grain's key.</summary>
    public const string Fleet = "fleet";

    public const string LinkArrow = "->";

    /// <summary>The longest key of any twin: keys are history entities, whose names the history store caps at 256.</summary>
    public const int MaxKeyLength = 256;

    public static bool IsDcName(string? value) => value is not null && DcPattern().IsMatch(value);

    public static bool IsHostName(string? value) => value is not null && HostPattern().IsMatch(value);

    public static string Host(string dc, string host) => $"{dc}/{host}";

    public static string Process(string hostKey, int pid, DateTimeOffset startTime) =>
        $"{hostKey}/{pid.ToString(CultureInfo.InvariantCulture)}@{startTime.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}";

    public static string Link(string fromHostKey, string to) => $"{fromHostKey}{LinkArrow}{to}";

    /// <summary>The DC a key belongs to: the text before its first '/' (or the whole key of a DC).</summary>
    public static string DcOf(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? key : key[..slash];
    }

    /// <summary>The host key of a process key (<c>dc1/h/12@3</c> → <c>dc1/h</c>), or null when it is not one.</summary>
    public static string? HostOfProcess(string processKey)
    {
        var last = processKey.LastIndexOf('/');
        return last > 0 && processKey.IndexOf('@', last) > last ? processKey[..last] : null;
    }

    /// <summary>Splits a link key into its ends, or returns false when it is not a valid link key.</summary>
    public static bool TryParseLink(string key, out string from, out string to)
    {
        var arrow = key.IndexOf(LinkArrow, StringComparison.Ordinal);
        from = arrow > 0 ? key[..arrow] : "";
        to = arrow > 0 ? key[(arrow + LinkArrow.Length)..] : "";
        return arrow > 0 && IsHostKey(from) && IsNodeKey(to);
    }

    /// <summary>Whether <paramref name="key"/> is <c>dc/host</c> with valid parts.</summary>
    public static bool IsHostKey(string? key)
    {
        if (key is null)
        {
            return false;
        }

        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && IsDcName(key[..slash]) && IsHostName(key[(slash + 1)..]);
    }

    /// <summary>A link's far end: a host key or a DC name.</summary>
    public static bool IsNodeKey(string? key) => IsDcName(key) || IsHostKey(key);

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,31}\z", RegexOptions.CultureInvariant)]
    private static partial Regex DcPattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex HostPattern();
}
