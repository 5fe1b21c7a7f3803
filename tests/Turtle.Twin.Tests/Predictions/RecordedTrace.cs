using System.Globalization;

namespace Turtle.Twin.Tests.Predictions;

/// <summary>
/// A trace recorded from the collector embedded in a silo on the development VM (2 vCPUs shared by several engineers'
/// builds), read back from the history API as one-minute means: see docs/predictions.md for how it was made.
/// </summary>
internal sealed record RecordedTrace(IReadOnlyList<RecordedTrace.Row> Rows, double RootSizeBytes)
{
    public static readonly string File = Path.Combine(AppContext.BaseDirectory, "Predictions", "Fixtures", "collector-trace.csv");

    public sealed record Row(DateTimeOffset Time, double? Cpu, double? Memory, double? Load1, double? RootUsedBytes);

    public static RecordedTrace Load()
    {
        var rows = new List<Row>();
        double size = 0;
        foreach (var line in System.IO.File.ReadLines(File).Skip(1))
        {
            var f = line.Split(',');
            rows.Add(new Row(DateTimeOffset.Parse(f[0], CultureInfo.InvariantCulture), Parse(f[1]), Parse(f[2]), Parse(f[3]), Parse(f[4])));
            size = Parse(f[5]) ?? size;
        }

        return new RecordedTrace(rows, size);
    }

    private static double? Parse(string text) => text.Length == 0 ? null : double.Parse(text, CultureInfo.InvariantCulture);
}
