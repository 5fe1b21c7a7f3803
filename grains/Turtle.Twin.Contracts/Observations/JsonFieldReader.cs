using System.Globalization;
using System.Text.Json;

namespace Turtle.Twin.Observations;

/// <summary>
/// Reads typed fields out of a JSON object and records every problem with its path instead of stopping at the first,
/// so a refused batch lists all that is wrong with it. Absent and <c>null</c> mean the same: not given.
/// </summary>
internal sealed class JsonFieldReader(List<ObservationError> errors)
{
    public List<ObservationError> Errors { get; } = errors;

    public void Fail(string path, string message) => Errors.Add(new ObservationError(path, message));

    /// <summary>Whether <paramref name="element"/> is an object; records an error when it is not.</summary>
    public bool IsObject(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        Fail(path, $"must be an object, not {Describe(element)}");
        return false;
    }

    /// <summary>Records an error for each property of <paramref name="element"/> outside <paramref name="allowed"/> (typos must not pass silently).</summary>
    public void RejectUnknown(JsonElement element, string path, IReadOnlySet<string> allowed)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name))
            {
                Fail(Child(path, property.Name), "is not a field of this object (names are camelCase; see the schema)");
            }
        }
    }

    public bool TryGet(JsonElement element, string name, out JsonElement value) =>
        element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    public string? String(JsonElement element, string path, string name, bool required, int maxLength, Func<string, bool>? valid = null, string? rule = null)
    {
        var fieldPath = Child(path, name);
        if (!TryGet(element, name, out var value))
        {
            MissingField(fieldPath, required);
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Fail(fieldPath, $"must be a string, not {Describe(value)}");
            return null;
        }

        var text = value.GetString()!;
        if (text.Length == 0 || text.Length > maxLength)
        {
            Fail(fieldPath, $"must be 1 to {maxLength} characters long, but is {text.Length}");
            return null;
        }

        if (valid is not null && !valid(text))
        {
            Fail(fieldPath, rule ?? "is not valid");
            return null;
        }

        return text;
    }

    public long? Integer(JsonElement element, string path, string name, bool required, long min, long max)
    {
        var fieldPath = Child(path, name);
        if (!TryGet(element, name, out var value))
        {
            MissingField(fieldPath, required);
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            Fail(fieldPath, value.ValueKind == JsonValueKind.Number ? $"must be a whole number between {min} and {max}" : $"must be an integer, not {Describe(value)}");
            return null;
        }

        if (number < min || number > max)
        {
            Fail(fieldPath, $"must be between {min} and {max}, but is {number}");
            return null;
        }

        return number;
    }

    public double? Number(JsonElement element, string path, string name, bool required, double min, double max)
    {
        var fieldPath = Child(path, name);
        if (!TryGet(element, name, out var value))
        {
            MissingField(fieldPath, required);
            return null;
        }

        // JSON has no NaN or infinity literals; a string "NaN" is a wrong type, and a huge literal overflows to infinity.
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            Fail(fieldPath, value.ValueKind == JsonValueKind.Number ? "must be a finite number" : $"must be a number, not {Describe(value)}");
            return null;
        }

        if (number < min || number > max)
        {
            Fail(fieldPath, $"must be between {Format(min)} and {Format(max)}, but is {Format(number)}");
            return null;
        }

        return number;
    }

    /// <summary>An RFC 3339 time with an explicit offset (<c>2026-11-22T09:00:00Z</c>), inside [<paramref name="earliest"/>, <paramref name="latest"/>].</summary>
    public DateTimeOffset? Time(JsonElement element, string path, string name, bool required, DateTimeOffset earliest, DateTimeOffset latest)
    {
        var fieldPath = Child(path, name);
        if (!TryGet(element, name, out var value))
        {
            MissingField(fieldPath, required);
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || !TryParseTime(value.GetString()!, out var time))
        {
            Fail(fieldPath, "must be an RFC 3339 time with an offset, for example 2026-11-22T09:00:00Z");
            return null;
        }

        if (time < earliest || time > latest)
        {
            Fail(fieldPath, $"must be between {earliest:O} and {latest:O} (not older than history keeps, not far in the future), but is {time:O}");
            return null;
        }

        return time;
    }

    /// <summary>
    /// Reads each item of an array field; items that fail return null and are left out. With <paramref name="key"/>, an
    /// item whose key repeats an earlier item's is an error at its own position (<paramref name="what"/> names the key).
    /// </summary>
    public IReadOnlyList<T>? Array<T>(JsonElement element, string path, string name, int maxItems, Func<JsonElement, string, T?> readItem,
        Func<T, object?>? key = null, string? what = null) where T : class
    {
        var fieldPath = Child(path, name);
        if (!TryGet(element, name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Fail(fieldPath, $"must be an array, not {Describe(value)}");
            return null;
        }

        var length = value.GetArrayLength();
        if (length > maxItems)
        {
            Fail(fieldPath, $"must have at most {maxItems} items, but has {length}");
            return null;
        }

        var items = new List<T>(length);
        var seen = key is null ? null : new HashSet<object>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var itemPath = $"{fieldPath}[{index++}]";
            var errors = Errors.Count;
            if (readItem(item, itemPath) is not { } read)
            {
                continue;
            }

            items.Add(read);
            // Only items read without errors take part: a half-read item's key says nothing.
            if (seen is not null && errors == Errors.Count && key!(read) is { } itemKey && !seen.Add(itemKey))
            {
                Fail(itemPath, $"repeats the {what} of an earlier item");
            }
        }

        return items;
    }

    public static string Child(string path, string name) => $"{path}.{name}";

    public static bool TryParseTime(string text, out DateTimeOffset time)
    {
        // An offset is required: a time without one means different instants on different machines.
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && (text[^6] == '+' || text[^6] == '-') && text[^3] == ':');
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out time) && hasOffset && text.Contains('T', StringComparison.OrdinalIgnoreCase);
    }

    private void MissingField(string path, bool required)
    {
        if (required)
        {
            Fail(path, "is required");
        }
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
