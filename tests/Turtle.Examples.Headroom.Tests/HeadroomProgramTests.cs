using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Turtle.Actors.Testing.Postgres;
using Turtle.Silo.Tests;

namespace Turtle.Examples.Headroom.Tests;

/// <summary>
/// The example program as an analyst runs it: its own process, a grain client of a real silo process's gateway (the
/// silo clusters through PostgreSQL, which is what opens a gateway), history through the silo's HTTP API.
/// </summary>
public sealed class HeadroomProgramTests : IAsyncLifetime
{
    private const long DataSize = 7_870_000_000_000;
    private const long LastUsed = 6_925_600_000_000 + 5 * 26_000_000_000L;
    private PostgresTestDatabase _database = null!;
    private SiloProcess _silo = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync();
        _silo = SiloProcess.Start(new Dictionary<string, string>
        {
            ["Turtle__Clustering__Provider"] = "postgres",
            ["Turtle__Storage__Provider"] = "postgres",
            ["ConnectionStrings__Turtle"] = _database.ConnectionString,
            ["Logging__LogLevel__Default"] = "Warning",
        });
        await _silo.WaitReadyAsync(TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        _silo.Dispose();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task It_prints_headroom_per_dc_and_the_filesystem_that_fills_within_7_days()
    {
        // Six reports ten minutes apart over the last hour, in the middle of ten-minute buckets: dc1/filling's /data
        // grows by 26 GB a report (full in about five hours), dc2/steady's stays put.
        var now = DateTimeOffset.UtcNow;
        var bucket = TimeSpan.FromMinutes(10);
        var first = new DateTimeOffset(now.Ticks / bucket.Ticks * bucket.Ticks, TimeSpan.Zero).AddMinutes(-55);
        for (var i = 0; i < 6; i++)
        {
            await PostAsync("dc1", "filling", i, first.AddMinutes(10 * i), 6_925_600_000_000 + i * 26_000_000_000L);
            await PostAsync("dc2", "steady", i, first.AddMinutes(10 * i), 4_000_000_000_000);
        }

        var result = await RunAsync("--gateway", $"127.0.0.1:{_silo.GatewayPort}", "--api", $"http://127.0.0.1:{_silo.HttpPort}");

        Assert.True(result.ExitCode == 0, result.ToString());
        var sections = result.Output.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var dcs = Assert.Single(sections, s => s.StartsWith("Headroom per DC", StringComparison.Ordinal));
        var hosts = Assert.Single(sections, s => s.StartsWith("Hosts", StringComparison.Ordinal));
        var disks = Assert.Single(sections, s => s.StartsWith("Filesystems full within 7 days", StringComparison.Ordinal));
        // Both DCs: 4 CPUs each at 23.5% busy leave 3.06 idle; 1.6 GiB of 4 GiB available.
        Assert.Matches(@"dc1\s+\w+\s+1\s+4\s+3\.06\s+76\.5%\s+4\.0 GiB\s+1\.6 GiB\s+40\.0%\s+dc1/filling 23\.5%", dcs);
        Assert.Matches(@"dc2\s+\w+\s+1\s+4\s+3\.06\s+76\.5%", dcs);
        Assert.Contains("dc1/filling", hosts);
        Assert.Contains("dc2/steady", hosts);
        // The trend is exact on exact data: 814.4 GB left at 26 GB per 10 minutes after the last report.
        var full = first.AddMinutes(50 + (DataSize - LastUsed) / 26e9 * 10).UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
        Assert.Matches($@"dc1/filling\s+/data\s+6\.4 TiB\s+7\.2 TiB\s+3\.4 TiB\s+{full}\s+[45](\.\d)? h\s+6", disks);
        Assert.DoesNotContain("dc2/steady", disks);
        Assert.Contains("4 filesystems checked, 0 with too little history to trend.", result.Output);
    }

    private async Task PostAsync(string dc, string host, int seq, DateTimeOffset time, long dataUsed)
    {
        var batch = JsonNode.Parse(File.ReadAllText(Path.Join(AppContext.BaseDirectory, "examples", "host-full.json")))!;
        batch["collector"] = $"{host}-agent";
        batch["dc"] = dc;
        batch["host"] = host;
        batch["seq"] = seq + 1;
        batch["time"] = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var data = batch["metrics"]!["filesystems"]!.AsArray().Single(f => (string?)f!["mount"] == "/data")!;
        Assert.Equal(DataSize, (long)data["sizeBytes"]!);
        data["usedBytes"] = dataUsed;
        using var content = new StringContent(batch.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await _silo.Http.PostAsync("/api/v1/observations", content);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    internal static Task<ProgramResult> RunAsync(params string[] args) => RunAsync(args, []);

    /// <summary>Runs the example with <paramref name="environment"/> added and <c>TURTLE_TOKEN</c> removed unless given.</summary>
    internal static async Task<ProgramResult> RunAsync(string[] args, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Join(AppContext.BaseDirectory, "Turtle.Examples.Headroom.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("TURTLE_TOKEN");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return new ProgramResult(process.ExitCode, (await output).ReplaceLineEndings("\n"), await error);
    }

    internal sealed record ProgramResult(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
    }
}
