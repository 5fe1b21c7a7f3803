using Turtle.Twin.Observations;

namespace Turtle.Collector.Linux;

/// <summary>
/// Memory and swap from <c>/proc/meminfo</c> (kB there, bytes here). Available is the kernel's own estimate
/// (MemAvailable); kernels before 3.14 lack it, and then free + buffers + cached stands in, as <c>free</c> did.
/// </summary>
internal sealed class MemorySampler(HostFiles files)
{
    private readonly string _path = files.PathOf("proc/meminfo");

    public MemoryMetrics? Sample()
    {
        long? total = null, available = null, free = null, buffers = null, cached = null, swapTotal = null, swapFree = null;
        using (var lines = files.OpenLines(_path))
        {
            while (lines.TryReadLine(out var line))
            {
                Read(line, "MemTotal"u8, ref total);
                Read(line, "MemAvailable"u8, ref available);
                Read(line, "MemFree"u8, ref free);
                Read(line, "Buffers"u8, ref buffers);
                Read(line, "Cached"u8, ref cached);
                Read(line, "SwapTotal"u8, ref swapTotal);
                Read(line, "SwapFree"u8, ref swapFree);
            }
        }

        if (total is not { } totalBytes)
        {
            return null;
        }

        var availableBytes = available ?? free + (buffers ?? 0) + (cached ?? 0) ?? 0;
        long? swapUsed = swapTotal is { } st && swapFree is { } sf ? Math.Clamp(st - sf, 0, st) : null;
        return new MemoryMetrics(totalBytes, Math.Clamp(availableBytes, 0, totalBytes), swapTotal, swapUsed);
    }

    private static void Read(ReadOnlySpan<byte> line, ReadOnlySpan<byte> key, ref long? into)
    {
        if (into is null && SpanText.TryGetValue(line, key, out var value) && SpanText.TryParseKilobytes(value, out var bytes))
        {
            into = bytes;
        }
    }
}
