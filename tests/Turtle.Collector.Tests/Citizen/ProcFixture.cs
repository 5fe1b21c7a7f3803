using System.Globalization;
using Turtle.Collector.Tests.Buffering;

namespace Turtle.Collector.Tests.Citizen;

/// <summary>A tiny /proc of the collector's own: self/stat, self/statm and uptime, rewritten as a test moves time on.</summary>
internal sealed class ProcFixture : IDisposable
{
    private readonly TempDirectory _dir = new();

    public ProcFixture()
    {
        Directory.CreateDirectory(_dir.Combine("self"));
    }

    public string Path => _dir.Path;

    /// <summary>Writes a stat line as proc(5) lays it out: utime field 14, stime 15, num_threads 20, starttime 22, rss 24.</summary>
    public ProcFixture Stat(ulong utime, ulong stime, ulong startTicks, int threads = 9, long rssPages = 5000)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"4242 (Turtle.Collector) S 1 4242 4242 0 -1 4194560 1500 0 0 0 {utime} {stime} 0 0 20 0 {threads} 0 {startTicks} 260000000 {rssPages} 18446744073709551615 1 1 0 0 0 0 0 4096 17642 0 0 0 17 1 0 0 0 0 0\n");
        File.WriteAllText(_dir.Combine("self", "stat"), line);
        return this;
    }

    public ProcFixture Statm(long residentPages) =>
        Write("self/statm", $"60000 {residentPages.ToString(CultureInfo.InvariantCulture)} 3000 10 0 20000 0\n");

    public ProcFixture Uptime(double seconds) =>
        Write("uptime", string.Create(CultureInfo.InvariantCulture, $"{seconds:0.00} {seconds * 1.7:0.00}\n"));

    public ProcFixture Write(string relative, string content)
    {
        File.WriteAllText(_dir.Combine(relative.Split('/')), content);
        return this;
    }

    public void Delete(string relative) => File.Delete(_dir.Combine(relative.Split('/')));

    public void Dispose() => _dir.Dispose();
}
