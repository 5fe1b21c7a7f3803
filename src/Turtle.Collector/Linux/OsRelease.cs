namespace Turtle.Collector.Linux;

/// <summary>
/// The operating system's name from <c>os-release</c> (<c>/etc</c>, else <c>/usr/lib</c>): <c>PRETTY_NAME</c>, or
/// <c>NAME</c> and <c>VERSION</c> when a distribution leaves it out.
/// </summary>
internal static class OsRelease
{
    public static string? Read(HostFiles files)
    {
        var text = files.ReadText("etc/os-release") ?? files.ReadText("usr/lib/os-release");
        if (text is null)
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var equals = line.IndexOf('=');
            if (equals > 0)
            {
                values.TryAdd(line[..equals].Trim(), Unquote(line[(equals + 1)..].Trim()));
            }
        }

        if (values.TryGetValue("PRETTY_NAME", out var pretty) && pretty.Length > 0)
        {
            return pretty;
        }

        return values.TryGetValue("NAME", out var name) && name.Length > 0
            ? values.TryGetValue("VERSION", out var version) && version.Length > 0 ? $"{name} {version}" : name
            : null;
    }

    /// <summary>Values may be quoted with " or ' (shell syntax); backslash escapes inside double quotes are undone.</summary>
    private static string Unquote(string value)
    {
        if (value.Length >= 2 && value[0] == value[^1] && value[0] is '"' or '\'')
        {
            var inner = value[1..^1];
            return value[0] == '"' ? inner.Replace("\\\"", "\"").Replace("\\$", "$").Replace("\\`", "`").Replace("\\\\", "\\") : inner;
        }

        return value;
    }
}
