using Turtle.Collector.Counters;
using Turtle.Twin.Observations;

namespace Turtle.Collector.Linux;

/// <summary>
/// CPU use from the <c>cpu</c> line of <c>/proc/stat</c> (all CPUs summed, in clock ticks), as the shares of each mode
/// between two reads (see <see cref="CpuTimes.Shares"/>). The first read has nothing to compare with and yields none.
/// </summary>
internal sealed class CpuSampler(HostFiles files)
{
    private readonly string _path = files.PathOf("proc/stat");
    private CpuTimes? _before;

    public CpuMetrics? Sample()
    {
        if (!TryRead(out var now))
        {
            return null;
        }

        var before = _before;
        _before = now;
        return before is { } b ? CpuTimes.Shares(b, now) : null;
    }

    private bool TryRead(out CpuTimes times)
    {
        times = default;
        using var lines = files.OpenLines(_path);
        if (!lines.TryReadLine(out var line) || !line.StartsWith("cpu "u8))
        {
            return false;
        }

        // cpu  user nice system idle iowait irq softirq steal guest guest_nice (older kernels stop after fewer)
        var rest = line[4..];
        Span<double> modes = stackalloc double[8];
        for (var i = 0; i < modes.Length; i++)
        {
            if (!SpanText.TryNextULong(ref rest, out var ticks))
            {
                if (i < 4)
                {
                    return false; // not even user, nice, system, idle: not a /proc/stat we know
                }

                break;
            }

            modes[i] = ticks;
        }

        times = new CpuTimes(modes[0], modes[1], modes[2], modes[3], modes[4], modes[5], modes[6], modes[7]);
        return true;
    }
}
