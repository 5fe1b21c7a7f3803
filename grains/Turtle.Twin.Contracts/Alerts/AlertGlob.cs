namespace Turtle.Twin.Alerts;

/// <summary>Shell-style patterns for DC and host scopes: <c>*</c> any run of characters, <c>?</c> one; case-sensitive, whole text.</summary>
public static class AlertGlob
{
    public static bool IsMatch(string pattern, string text) => Match(pattern.AsSpan(), text.AsSpan());

    /// <summary>A host matches by its name (<c>nas*</c>) or, when the pattern holds a '/', by its key (<c>dc1/nas*</c>).</summary>
    public static bool MatchesHost(string pattern, string hostKey)
    {
        var slash = hostKey.IndexOf('/');
        return IsMatch(pattern, pattern.Contains('/') || slash < 0 ? hostKey : hostKey[(slash + 1)..]);
    }

    private static bool Match(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        // Iterative with one backtrack point: linear enough for the short patterns of a configuration.
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
