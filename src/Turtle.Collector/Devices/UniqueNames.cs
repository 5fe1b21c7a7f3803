namespace Turtle.Collector.Devices;

/// <summary>
/// Makes device names unique within one list: the second <c>acpitz</c> becomes <c>acpitz#2</c>. The reader refuses a
/// list naming one device twice, and two sensors of one name are two series, not one.
/// </summary>
internal sealed class UniqueNames
{
    private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);

    public string Next(string name)
    {
        var count = _seen.GetValueOrDefault(name) + 1;
        _seen[name] = count;
        return count == 1 ? name : $"{name}#{count}";
    }
}
