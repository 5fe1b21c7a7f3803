using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Turtle.Collector.Buffering;

namespace Turtle.Collector.Tests.Buffering;

/// <summary>Buffered lines for tests: small JSON objects carrying their seq, optionally padded to an exact size.</summary>
internal static class BatchJson
{
    /// <summary><c>{"seq":N,"pad":"xxx"}</c> of exactly <paramref name="length"/> bytes (or as short as it gets).</summary>
    public static byte[] Of(long seq, int length = 0)
    {
        var head = $"{{\"seq\":{seq},\"pad\":\"";
        const string tail = "\"}";
        var pad = Math.Max(0, length - head.Length - tail.Length);
        return Encoding.UTF8.GetBytes(head + new string('x', pad) + tail);
    }

    /// <summary>The seq inside a line written by <see cref="Of"/>.</summary>
    public static long SeqIn(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("seq").GetInt64();
    }

    /// <summary>Appends one line of <paramref name="length"/> bytes; returns the seq the buffer gave it.</summary>
    public static long AppendLine(this DiskBuffer buffer, int length = 0) => buffer.Append(seq => Of(seq, length));

    public static DiskBuffer Open(string directory, long maxBytes = BufferOptions.DefaultMaxBytes, long segmentBytes = BufferOptions.DefaultSegmentBytes) =>
        DiskBuffer.Open(directory, "dc1/test", maxBytes, segmentBytes, NullLogger.Instance);

    public static long[] Seqs(this IReadOnlyList<BufferedBatch> batches) => batches.Select(b => b.Seq).ToArray();

    /// <summary>Every waiting batch's seq, oldest first.</summary>
    public static long[] PendingSeqs(this DiskBuffer buffer) => buffer.Peek(int.MaxValue, long.MaxValue).Seqs();
}
