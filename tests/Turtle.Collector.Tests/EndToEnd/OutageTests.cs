using Turtle.Silo.Tests;
using Xunit.Abstractions;
using static Turtle.Collector.Tests.EndToEnd.SiloHistory;

namespace Turtle.Collector.Tests.EndToEnd;

/// <summary>
/// The collector executable against real silo processes, at 1 s: the silo stopped for a while and restarted, the
/// collector killed with kill -9 while its buffer holds batches, and two clustered silos restarted one after the other
/// (a rolling upgrade). Afterwards the silo's history must hold every batch the
/// collector numbered exactly once, in order: as many samples as sequence numbers, none in the same bucket twice,
/// none missing between the first and the last.
/// </summary>
public sealed class OutageTests(ITestOutputHelper output) : IDisposable
{
    private const string Host = "dc1/outage";
    private const string Metric = "load.avg1"; // in every sample, the first included
    private static readonly TimeSpan Ready = TimeSpan.FromSeconds(60);

    private readonly string _directory = Directory.CreateTempSubdirectory("turtle-outage-").FullName;

    [Fact]
    public async Task A_silo_outage_is_back_filled_with_every_sample_once_in_order()
    {
        var started = DateTimeOffset.UtcNow;
        using var silo = await StartSiloAsync();
        using var collector = await StartCollectorAsync(silo, started);

        await StopSiloAsync(silo, collector);
        var outageStarted = DateTimeOffset.UtcNow;
        await WaitForBufferedAsync(20); // twenty seconds of samples wait on disk
        silo.Restart();
        await silo.WaitReadyAsync(Ready);
        var outage = DateTimeOffset.UtcNow - outageStarted;

        await collector.WaitForOutputAsync("accepts batches again", TimeSpan.FromSeconds(60));
        var numbered = await StopAndCountNumberedAsync(collector);
        await AssertEverySampleOnceAsync(silo, started, numbered, outage);
    }

    [Fact]
    public async Task A_collector_killed_mid_buffer_loses_nothing_and_sends_nothing_twice()
    {
        var started = DateTimeOffset.UtcNow;
        using var silo = await StartSiloAsync();
        using var collector = await StartCollectorAsync(silo, started);

        // Killed while batches wait in its buffer (the silo is down), then started again on the same buffer.
        await StopSiloAsync(silo, collector);
        await WaitForBufferedAsync(5);
        collector.KillHard();
        var killedOutput = collector.Output;
        collector.Restart();
        await collector.WaitForOutputAsync("batches waiting", TimeSpan.FromSeconds(30));
        await WaitForBufferedAsync(8);

        silo.Restart();
        await silo.WaitReadyAsync(Ready);
        await collector.WaitForOutputAsync("accepts batches again", TimeSpan.FromSeconds(60));
        var numbered = await StopAndCountNumberedAsync(collector);

        await AssertEverySampleOnceAsync(silo, started, numbered, null, restartedCollector: true);
        // Nothing was in flight when it died, so the silo never saw a number twice.
        Assert.DoesNotContain("already had", collector.Output, StringComparison.Ordinal);
        Assert.Contains("batches waiting", collector.Output[killedOutput.Length..], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rolling_restart_of_two_clustered_silos_loses_no_observation_and_stores_none_twice()
    {
        // docs/operations.md, "Upgrade": one silo at a time, each stopped with SIGTERM as systemd does, started again
        // and ready before the next; the collector lists both gateways and sends on through whichever answers.
        await using var database = await Turtle.Actors.Testing.Postgres.PostgresTestDatabase.CreateAsync();
        var silos = new[] { "a", "b" }.Select(name => SiloProcess.Start(new Dictionary<string, string>
        {
            ["Turtle__Clustering__Provider"] = "postgres",
            ["Turtle__Storage__Provider"] = "postgres",
            ["ConnectionStrings__Turtle"] = database.ConnectionString,
            ["Turtle__ClusterId"] = "rolling",
            ["Turtle__DataDir"] = Path.Join(_directory, $"silo-{name}"),
            ["Logging__LogLevel__Default"] = "Warning",
        })).ToList();
        try
        {
            await Task.WhenAll(silos.Select(s => s.WaitReadyAsync(Ready)));
            var started = DateTimeOffset.UtcNow;
            using var collector = CollectorProcess.Start(
                "--gateway", $"http://127.0.0.1:{silos[0].HttpPort}", "--gateway", $"http://127.0.0.1:{silos[1].HttpPort}",
                "--dc", "dc1", "--host", "outage", "--interval", "1", "--buffer", BufferDirectory);
            await WaitForSamplesAsync(silos[0], started, 3);

            foreach (var silo in silos)
            {
                silo.Stop(TimeSpan.FromSeconds(30));
                await Task.Delay(TimeSpan.FromSeconds(3)); // samples taken while this silo is down
                silo.Restart();
                await silo.WaitReadyAsync(Ready);
                await Task.Delay(TimeSpan.FromSeconds(3));
            }

            var numbered = await StopAndCountNumberedAsync(collector);
            await AssertEverySampleOnceAsync(silos[0], started, numbered, null);
            // Not a loss, but worth seeing: rounds in which neither silo took a batch (it waited in the buffer).
            output.WriteLine($"rounds with no gateway accepting: {collector.Output.Split("no gateway accepted").Length - 1}");
        }
        finally
        {
            foreach (var silo in silos)
            {
                silo.Dispose();
            }
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string BufferDirectory => Path.Join(_directory, "buffer");

    private async Task<SiloProcess> StartSiloAsync()
    {
        var silo = SiloProcess.Start(new Dictionary<string, string> { ["Turtle__DataDir"] = Path.Join(_directory, "silo") });
        await silo.WaitReadyAsync(Ready);
        return silo;
    }

    /// <summary>The collector at 1 s, once its first samples are in the silo's history.</summary>
    private async Task<CollectorProcess> StartCollectorAsync(SiloProcess silo, DateTimeOffset started)
    {
        var collector = CollectorProcess.Start(
            "--gateway", $"http://127.0.0.1:{silo.HttpPort}", "--dc", "dc1", "--host", "outage", "--interval", "1", "--buffer", BufferDirectory);
        try
        {
            await WaitForSamplesAsync(silo, started, 3);
            return collector;
        }
        catch
        {
            collector.Dispose(); // the test never gets it to dispose
            throw;
        }
    }

    /// <summary>Stops the silo (SIGTERM) and waits until the collector has noticed that no gateway takes its batches.</summary>
    private static async Task StopSiloAsync(SiloProcess silo, CollectorProcess collector)
    {
        silo.Stop(TimeSpan.FromSeconds(30));
        await collector.WaitForOutputAsync("no gateway accepted", TimeSpan.FromSeconds(30));
    }

    private static async Task WaitForSamplesAsync(SiloProcess silo, DateTimeOffset from, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await PointsAsync(silo.Http, Host, Metric, from)).Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"fewer than {count} samples of {Host} reached the silo within 60 s");
            await Task.Delay(200);
        }
    }

    /// <summary>Waits until the buffer's segments hold at least <paramref name="count"/> batches the silo has not acknowledged.</summary>
    private async Task WaitForBufferedAsync(int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (BufferFiles.Unacknowledged(Path.Join(BufferDirectory, "dc1_outage")) < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the buffer did not reach {count} waiting batches within 60 s");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Stops the collector once its buffer is empty: the batches it acknowledged, and those it numbered (a sample taken
    /// just before the stop may still wait, or have reached the silo without the answer reaching the collector).
    /// </summary>
    private async Task<(long Acknowledged, long Numbered)> StopAndCountNumberedAsync(CollectorProcess collector)
    {
        var buffer = Path.Join(BufferDirectory, "dc1_outage");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (BufferFiles.Unacknowledged(buffer) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the back-fill did not finish within 60 s:\n{collector.Output}");
            await Task.Delay(100);
        }

        Assert.Equal(0, collector.Stop(TimeSpan.FromSeconds(30)));
        var acknowledged = BufferFiles.AcknowledgedThrough(buffer);
        return (acknowledged, acknowledged + BufferFiles.Unacknowledged(buffer));
    }

    private async Task AssertEverySampleOnceAsync(SiloProcess silo, DateTimeOffset from, (long Acknowledged, long Numbered) batches, TimeSpan? outage, bool restartedCollector = false)
    {
        var points = await PointsAsync(silo.Http, Host, Metric, from);
        var gaps = points.Zip(points.Skip(1), (a, b) => (b.Time - a.Time).TotalSeconds).ToList();
        output.WriteLine($"batches numbered {batches.Numbered}, acknowledged {batches.Acknowledged}, samples in history {points.Count}, " +
                         $"largest gap {gaps.DefaultIfEmpty().Max():0.00} s, smallest {gaps.DefaultIfEmpty().Min():0.00} s" +
                         (outage is { } o ? $", silo down {o.TotalSeconds:0.0} s" : ""));

        Assert.All(points, p => Assert.Equal(1, p.Count));           // no sample twice
        Assert.InRange(points.Count, batches.Acknowledged, batches.Numbered); // every acknowledged batch stored, nothing invented
        // One a second, none missing across the outage. A restarted collector samples at once, off the old beat, and
        // takes no samples while it is dead.
        Assert.All(gaps, gap => Assert.InRange(gap, restartedCollector ? 0.05 : 0.5, restartedCollector ? 5 : 2.5));
    }
}
