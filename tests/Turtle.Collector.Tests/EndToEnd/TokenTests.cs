using System.Net;
using Turtle.Silo.Tests;
using static Turtle.Collector.Tests.EndToEnd.SiloHistory;

namespace Turtle.Collector.Tests.EndToEnd;

/// <summary>
/// The collector executable against a silo process with authentication on: a refused token is logged as an error and
/// every batch stays buffered; with the right token (from a file) the same buffer is delivered, each sample once.
/// </summary>
public sealed class TokenTests : IDisposable
{
    private const string Host = "dc1/secured";
    private const string Metric = "load.avg1";
    private readonly string _directory = Directory.CreateTempSubdirectory("turtle-token-").FullName;

    [Fact]
    public async Task A_refused_token_keeps_the_batches_and_the_right_one_delivers_them_all()
    {
        var started = DateTimeOffset.UtcNow;
        using var silo = SiloProcess.Start(new Dictionary<string, string>
        {
            ["Turtle__DataDir"] = Path.Join(_directory, "silo"),
            ["Turtle__Auth__Enabled"] = "true",
        });
        await silo.WaitReadyAsync(TimeSpan.FromSeconds(60));
        await SiloAdmin.SignInAsync(silo);
        var (_, secret) = await SiloAdmin.CollectorTokenAsync(silo, "dc1-secured");
        var tokenFile = Path.Join(_directory, "token");
        await File.WriteAllTextAsync(tokenFile, "ttk_not-the-token\n");
        var buffer = Path.Join(_directory, "buffer");

        using var collector = CollectorProcess.Start(
            "--gateway", $"http://127.0.0.1:{silo.HttpPort}", "--dc", "dc1", "--host", "secured", "--interval", "1", "--buffer", buffer,
            "--token-file", tokenFile);
        await collector.WaitForOutputAsync("refused the collector's credentials", TimeSpan.FromSeconds(30));
        Assert.Contains("401 the gateway refused this collector's token", collector.Output);
        var folder = Path.Join(buffer, "dc1_secured");
        await WaitUntilAsync(() => BufferFiles.Unacknowledged(folder) >= 3, "three batches waiting in the buffer");
        Assert.Equal(HttpStatusCode.NotFound, (await silo.Http.GetAsync("/api/v1/hosts/dc1/secured")).StatusCode);

        // The operator fixes the token file and restarts the collector: the same buffer goes out.
        collector.KillHard();
        await File.WriteAllTextAsync(tokenFile, secret + "\n");
        collector.Restart();
        await WaitUntilAsync(() => BufferFiles.Unacknowledged(folder) == 0 && BufferFiles.AcknowledgedThrough(folder) >= 5, "the buffer delivered");
        Assert.Equal(0, collector.Stop(TimeSpan.FromSeconds(30)));

        var acknowledged = BufferFiles.AcknowledgedThrough(folder);
        var numbered = acknowledged + BufferFiles.Unacknowledged(folder);
        var points = await PointsAsync(silo.Http, Host, Metric, started);
        Assert.All(points, p => Assert.Equal(1, p.Count));
        Assert.InRange(points.Count, acknowledged, numbered);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not reached within 60 s: {what}");
            await Task.Delay(100);
        }
    }
}
