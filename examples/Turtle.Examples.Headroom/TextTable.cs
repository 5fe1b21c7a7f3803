namespace Turtle.Examples.Headroom;

/// <summary>A title and rows (the first is the header) as aligned plain-text columns.</summary>
public static class TextTable
{
    public static void Write(TextWriter output, string title, IReadOnlyList<string[]> rows)
    {
        output.WriteLine();
        output.WriteLine(title);
        if (rows.Count <= 1)
        {
            output.WriteLine("  (none)");
            return;
        }

        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var (row, index) in rows.Select((r, i) => (r, i)))
        {
            output.WriteLine("  " + string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
            if (index == 0)
            {
                output.WriteLine("  " + string.Join("  ", widths.Select(w => new string('-', w))));
            }
        }
    }
}
