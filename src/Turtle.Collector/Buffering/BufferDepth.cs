namespace Turtle.Collector.Buffering;

/// <summary>What a buffer holds and what it lost.</summary>
/// <param name="Batches">Batches waiting to be acknowledged.</param>
/// <param name="Bytes">Their JSON lines' bytes.</param>
/// <param name="DroppedBatches">Batches dropped unsent because the buffer was full (since it was created).</param>
/// <param name="RejectedBatches">Batches the gateways refused for good and were dropped (since it was created).</param>
public readonly record struct BufferDepth(long Batches, long Bytes, long DroppedBatches, long RejectedBatches)
{
    public static BufferDepth operator +(BufferDepth a, BufferDepth b) =>
        new(a.Batches + b.Batches, a.Bytes + b.Bytes, a.DroppedBatches + b.DroppedBatches, a.RejectedBatches + b.RejectedBatches);
}
