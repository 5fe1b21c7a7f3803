using System.Text.Json;
using Turtle.Cli.Api;

namespace Turtle.Cli.Output;

/// <summary>History points as JSON Lines: one compact <see cref="HistoryRow"/> object per line (<c>export --out x.jsonl</c>).</summary>
public static class HistoryJsonLines
{
    public static void WriteRow(TextWriter writer, HistoryRow row) =>
        writer.WriteLine(JsonSerializer.Serialize(row, TurtleJsonContext.Default.HistoryRow));
}
