using Turtle.Actors.History;

namespace Turtle.Actors.Runtime.History;

/// <summary>
/// What one bucket keeps (min, max, sum, count, and the last value with its time), built from samples or merged from
/// finer rollups with the same result. Sum and count rather than an average, so merging stays exact.
/// </summary>
public struct RollupCell
{
    public double Min;
    public double Max;
    public double Sum;
    public long Count;
    public long LastTicks;
    public double Last;

    public void Add(long timeTicks, double value) => Merge(value, value, value, 1, timeTicks, value);

    public void Merge(double min, double max, double sum, long count, long lastTicks, double last)
    {
        if (Count == 0)
        {
            this = new RollupCell { Min = min, Max = max, Sum = sum, Count = count, LastTicks = lastTicks, Last = last };
            return;
        }

        Min = Math.Min(Min, min);
        Max = Math.Max(Max, max);
        Sum += sum;
        Count += count;
        // Ties on time keep the greatest value, so the answer does not depend on the order rows are read in.
        if (lastTicks > LastTicks || (lastTicks == LastTicks && last > Last))
        {
            LastTicks = lastTicks;
            Last = last;
        }
    }

    public readonly void MergeInto(ref RollupCell target) => target.Merge(Min, Max, Sum, Count, LastTicks, Last);

    public readonly HistoryPoint ToPoint(DateTimeOffset bucket) => new(bucket, Min, Max, Sum / Count, Last, Count);
}
