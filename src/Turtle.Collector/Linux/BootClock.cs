namespace Turtle.Collector.Linux;

/// <summary>
/// When the host booted (<c>btime</c> in <c>/proc/stat</c>), to turn the kernel's times since boot into clock times.
/// Read once and kept: the kernel derives btime from the wall clock, so it can wobble by a second between reads,
/// and a process's start time (half of its identity) must not.
/// </summary>
internal sealed class BootClock(HostFiles files)
{
    private DateTimeOffset? _bootTime;

    /// <summary>The boot time; null when <c>/proc/stat</c> cannot be read (tried again next time).</summary>
    public DateTimeOffset? BootTime => _bootTime ??= Read();

    private DateTimeOffset? Read()
    {
        using var lines = files.OpenLines(files.PathOf("proc/stat"));
        while (lines.TryReadLine(out var line))
        {
            if (line.StartsWith("btime "u8))
            {
                var rest = line[6..];
                return SpanText.TryNextULong(ref rest, out var seconds) ? DateTimeOffset.FromUnixTimeSeconds((long)seconds) : null;
            }
        }

        return null;
    }
}
