using System.Globalization;
using Turtle.Cli.Api;

namespace Turtle.Cli.Output;

/// <summary>History points as CSV (RFC 4180): one header line, then one row per point. Used by <c>history</c> and <c>export</c>.</summary>
public static class HistoryCsv
{
    public const string Header = "entity,metric,tier,time,min,max,avg,last,count";

    public static void WriteHeader(TextWriter writer) => writer.WriteLine(Header);

    public static void WriteRow(TextWriter writer, HistoryRow row)
    {
        writer.Write(Field(row.Entity));
        writer.Write(',');
        writer.Write(Field(row.Metric));
        writer.Write(',');
        writer.Write(row.Tier);
        writer.Write(',');
        writer.Write(Cells.Iso(row.Time));
        writer.Write(',');
        writer.Write(Number(row.Min));
        writer.Write(',');
        writer.Write(Number(row.Max));
        writer.Write(',');
        writer.Write(Number(row.Avg));
        writer.Write(',');
        writer.Write(Number(row.Last));
        writer.Write(',');
        writer.WriteLine(row.Count.ToString(CultureInfo.InvariantCulture));
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Quoted when it holds a comma, quote or line break (a metric like <c>fs[/a,b].used_percent</c> may).</summary>
    private static string Field(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
