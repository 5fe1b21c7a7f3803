using Turtle.Twin.Observations;

namespace Turtle.Collector.Linux;

/// <summary>The 1-, 5- and 15-minute load averages from <c>/proc/loadavg</c>.</summary>
internal sealed class LoadSampler(HostFiles files)
{
    private readonly string _path = files.PathOf("proc/loadavg");

    public LoadMetrics? Sample()
    {
        Span<double> averages = stackalloc double[3];
        return files.TryReadNumbers(_path, averages) ? new LoadMetrics(averages[0], averages[1], averages[2]) : null;
    }
}
