using System.Text;

namespace Turtle.Collector.Linux;

/// <summary>
/// Turns the names read on every sample (devices, interfaces, commands) into strings once: the same device read again
/// gets the same string without allocating. Emptied when it grows past its bound, so churning names (short-lived
/// virtual interfaces) cannot grow it forever.
/// </summary>
internal sealed class NameCache
{
    private const int MaxEntries = 4096;
    private const int MaxStackChars = 256;

    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public NameCache() => _lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The string for the UTF-8 <paramref name="name"/>.</summary>
    public string Get(ReadOnlySpan<byte> name)
    {
        if (name.Length > MaxStackChars)
        {
            return Encoding.UTF8.GetString(name);
        }

        Span<char> chars = stackalloc char[MaxStackChars];
        var length = Encoding.UTF8.GetChars(name, chars);
        var text = chars[..length];
        if (_lookup.TryGetValue(text, out var cached))
        {
            return cached;
        }

        if (_names.Count >= MaxEntries)
        {
            _names.Clear();
        }

        var created = text.ToString();
        _names[created] = created;
        return created;
    }
}
