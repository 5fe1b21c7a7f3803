using System.Text;
using System.Text.Json;

namespace Turtle.Actors.Storage.Tests.Conformance;

/// <summary>A grain state with the shapes real twins have: nested objects, lists, maps, text in many scripts.</summary>
public sealed class SampleState
{
    public string Name { get; set; } = "";

    public int Count { get; set; }

    public double Ratio { get; set; }

    public DateTimeOffset Seen { get; set; }

    public List<string> Entries { get; set; } = [];

    public Dictionary<string, Part> Parts { get; set; } = [];

    public Part? Root { get; set; }

    /// <summary>Deep equality by value: both serialize to the same JSON.</summary>
    public static void AssertSame(SampleState expected, SampleState actual) =>
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(actual));

    public static SampleState Rich(int count = 7) => new()
    {
        Name = "Grüße, 世界, שלום, Привет, e\u0301, 🐢🐇, tab\t, \"quoted\" \\ back/slash",
        Count = count,
        Ratio = 0.1 + 0.2,
        Seen = new DateTimeOffset(2026, 11, 22, 5, 13, 0, TimeSpan.FromHours(1)),
        Entries = ["a", "", "ünïcödé", "🐢"],
        Parts = new() { ["cpu"] = new Part { Label = "CPU ⚙", Values = [1, 2, 3] }, ["ключ"] = new Part { Label = "значение" } },
        Root = new Part { Label = "dc1", Values = [int.MinValue, 0, int.MaxValue], Next = new Part { Label = "dc1/udm-pro", Next = new Part { Label = "leaf" } } },
    };

    /// <summary>About one megabyte of varied text, so compression or truncation would show.</summary>
    public static SampleState Large()
    {
        var state = new SampleState { Name = "large" };
        for (var i = 0; i < 1024; i++)
        {
            var line = new StringBuilder(1024);
            while (line.Length < 1000)
            {
                line.Append(i).Append('-').Append((char)('a' + line.Length % 26)).Append("é世");
            }

            state.Entries.Add(line.ToString());
        }

        return state;
    }
}

public sealed class Part
{
    public string Label { get; set; } = "";

    public List<int> Values { get; set; } = [];

    public Part? Next { get; set; }
}
