namespace Turtle.Collector.Linux;

/// <summary>What one read of <c>/proc/&lt;pid&gt;/stat</c> tells: enough to rank every process without reading more of it.</summary>
internal readonly record struct ProcessStat(byte State, ulong CpuTicks, int Threads, ulong StartTicks, long RssPages)
{
    /// <summary>
    /// Parses a stat line. The command name sits in parentheses and may itself hold spaces and parentheses
    /// (<c>(tmux: server)</c>, <c>((sd-pam))</c>), so fields are counted from the last <c>)</c>.
    /// <paramref name="name"/> is the command name, as a slice of <paramref name="line"/>.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> line, out ProcessStat stat, out ReadOnlySpan<byte> name)
    {
        stat = default;
        name = default;
        var open = line.IndexOf((byte)'(');
        var close = line.LastIndexOf((byte)')');
        if (open < 0 || close < open)
        {
            return false;
        }

        name = line[(open + 1)..close];
        var rest = line[(close + 1)..];

        // Counted from the state (field 3 in proc(5)): utime 14, stime 15, num_threads 20, starttime 22, rss 24.
        var state = SpanText.NextField(ref rest);
        SpanText.SkipFields(ref rest, 10);
        if (state.Length != 1 || !SpanText.TryNextULong(ref rest, out var utime) || !SpanText.TryNextULong(ref rest, out var stime))
        {
            return false;
        }

        SpanText.SkipFields(ref rest, 4);
        if (!SpanText.TryNextULong(ref rest, out var threads))
        {
            return false;
        }

        SpanText.SkipFields(ref rest, 1);
        if (!SpanText.TryNextULong(ref rest, out var start))
        {
            return false;
        }

        SpanText.SkipFields(ref rest, 1);
        if (!SpanText.TryParse(SpanText.NextField(ref rest), out long rss))
        {
            return false;
        }

        stat = new ProcessStat(state[0], utime + stime, (int)Math.Min(threads, int.MaxValue), start, Math.Max(rss, 0));
        return true;
    }
}
