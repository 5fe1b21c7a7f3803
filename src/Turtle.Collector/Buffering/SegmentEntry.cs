namespace Turtle.Collector.Buffering;

/// <summary>Where one batch's JSON line sits in its segment file (without its newline).</summary>
internal readonly record struct SegmentEntry(long Seq, long Offset, int Length);
