using System.Text.RegularExpressions;
using Turtle.Twin;

namespace Turtle.Collector.Configuration;

/// <summary>Names as the twin accepts them: a machine's name made a host name, and collector ids.</summary>
public static partial class HostNames
{
    private const int MaxHostLength = 128;
    private const int MaxCollectorIdLength = 256;

    /// <summary>
    /// The machine's name as a twin host name: lower case, anything but letters, digits, '.', '_' and '-' made '-',
    /// at most 128 characters; <c>localhost</c> when nothing valid is left. (The silo's embedded collector does the same.)
    /// </summary>
    public static string FromMachineName(string machineName)
    {
        var name = InvalidHostCharacters().Replace(machineName.ToLowerInvariant(), "-").Trim('-', '.', '_');
        name = name.Length > MaxHostLength ? name[..MaxHostLength] : name;
        return TwinKeys.IsHostName(name) ? name : "localhost";
    }

    /// <summary>Whether the silo accepts <paramref name="id"/> as a collector id: 1 to 256 of letters, digits and . _ : -, starting with a letter or digit.</summary>
    public static bool IsCollectorId(string? id) => id is { Length: > 0 and <= MaxCollectorIdLength } && CollectorIdPattern().IsMatch(id);

    [GeneratedRegex("[^a-z0-9._-]")]
    private static partial Regex InvalidHostCharacters();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]*$")]
    private static partial Regex CollectorIdPattern();
}
