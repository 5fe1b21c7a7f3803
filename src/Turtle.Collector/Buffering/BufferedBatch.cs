namespace Turtle.Collector.Buffering;

/// <summary>One batch waiting in the buffer: its sequence number and its JSON, exactly as appended.</summary>
public sealed record BufferedBatch(long Seq, byte[] Json);
