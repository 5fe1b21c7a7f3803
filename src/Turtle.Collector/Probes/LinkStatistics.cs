using Turtle.Twin.Observations;

namespace Turtle.Collector.Probes;

/// <summary>One round's connect times of a link summed up as the observation reports them.</summary>
internal static class LinkStatistics
{
    /// <summary>
    /// Loss is the share of probes that did not connect (refused, unreachable or too late). RTT is the median of those
    /// that did: one connect slowed by the collector's own host (a busy CPU, a page fault) moves a mean but not a median.
    /// Jitter is the mean absolute difference between successive answered probes in the order they were started, the
    /// |D(i-1,i)| of RFC 3550 §6.4.1 without its 1/16 smoothing (a round is too short to smooth over); null with fewer
    /// than two answers. Milliseconds, rounded to the microsecond.
    /// </summary>
    /// <param name="link">The link probed.</param>
    /// <param name="rtts">Each probe's connect time in milliseconds, null when it did not connect, in the order started.</param>
    public static LinkObservation Summarize(LinkProbe link, IReadOnlyList<double?> rtts)
    {
        var answered = rtts.Where(r => r is not null).Select(r => r!.Value).ToList();
        double? jitter = null;
        if (answered.Count >= 2)
        {
            var sum = 0.0;
            for (var i = 1; i < answered.Count; i++)
            {
                sum += Math.Abs(answered[i] - answered[i - 1]);
            }

            jitter = Round(sum / (answered.Count - 1));
        }

        return new LinkObservation
        {
            To = link.To,
            Target = link.Target,
            RttMs = answered.Count == 0 ? null : Round(Median([.. answered])),
            JitterMs = jitter,
            LossPercent = rtts.Count == 0 ? 100 : Math.Round(100.0 * (rtts.Count - answered.Count) / rtts.Count, 3),
        };
    }

    /// <summary>The median of <paramref name="values"/>, which it sorts.</summary>
    private static double Median(List<double> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static double Round(double milliseconds) => Math.Round(milliseconds, 3);
}
