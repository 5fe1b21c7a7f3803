using System.Globalization;
using System.Text.Json;
using Turtle.Cli.Tests.Processes;
using Turtle.Silo.Tests;

namespace Turtle.Cli.Tests.Commands;

/// <summary>
/// <c>predictions</c> against a silo process of its own holding four back-dated days of a filling host
/// (<see cref="FillingHostHistory"/>): the shared fleet silo has minutes of history, too little for any prediction.
/// </summary>
public sealed class PredictionsWithHistoryTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("turtle-cli-predictions-").FullName;
    private readonly FillingHostHistory _history = new();
    private SiloProcess? _silo;

    private SiloProcess Silo => _silo ?? throw new InvalidOperationException("The silo has not started.");

    public async Task InitializeAsync()
    {
        _silo = SiloProcess.Start(new Dictionary<string, string>(FillingHostHistory.EnvironmentSettings) { ["Turtle__DataDir"] = _directory });
        await Silo.WaitReadyAsync(TimeSpan.FromSeconds(60));
        await _history.PostAsync(Silo.Http);
        await _history.WaitForPredictionsAsync(Silo.Http, TimeSpan.FromSeconds(60));
    }

    public Task DisposeAsync()
    {
        _silo?.Dispose();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Predictions_shows_the_disk_eta_its_range_and_a_measured_24_hour_forecast()
    {
        var server = $"http://127.0.0.1:{Silo.HttpPort}";
        var table = await CliProcess.RunAsync(["predictions", FillingHostHistory.Host, "--server", server], new Dictionary<string, string> { ["COLUMNS"] = "200" });
        var json = await CliProcess.RunAsync(["predictions", FillingHostHistory.Host, "--server", server, "--format", "json"]);

        Assert.True(table.ExitCode == ExitCodes.Ok && table.Error.Length == 0, table.ToString());
        Assert.True(json.ExitCode == ExitCodes.Ok && json.Error.Length == 0, json.ToString());
        using var document = JsonDocument.Parse(json.Output);
        var disk = Assert.Single(document.RootElement.GetProperty("disks").EnumerateArray());
        var fullAt = disk.GetProperty("fullAt").GetDateTimeOffset();
        var earliest = disk.GetProperty("fullAtEarliest").GetDateTimeOffset();
        var latest = disk.GetProperty("fullAtLatest").GetDateTimeOffset();
        // The same bound as the API's test: within 4 h of the noiseless line's 8 days.
        Assert.InRange((fullAt - _history.TrueFullAt).Duration(), TimeSpan.Zero, TimeSpan.FromHours(4));
        Assert.True(earliest < fullAt && fullAt < latest, json.Output);
        // The table shows that ETA and its range, to the minute, with the confidence in percent.
        var row = $@"{FillingHostHistory.Mount}\s*│\s*Rising\s*│\s*{Minute(fullAt)}\S*\s*│\s*{Minute(earliest)}\S*\s*\.\.\s*{Minute(latest)}\S*\s*│\s*[\d.]+ GiB\s*│\s*{Percent(disk)}";
        AssertShows(row, table);

        var forecasts = document.RootElement.GetProperty("forecasts").EnumerateArray().ToList();
        Assert.Equal(["cpu.percent", "memory.used_percent"], forecasts.Select(f => f.GetProperty("metric").GetString()));
        foreach (var forecast in forecasts)
        {
            Assert.Equal(48, forecast.GetProperty("points").GetArrayLength());
            Assert.StartsWith("held out the last 24 h", forecast.GetProperty("confidenceBasis").GetString());
            Assert.InRange(forecast.GetProperty("confidence").GetDouble(), 0.8, 1);
            // Its row: the metric, a peak time (not "any time (flat)"), the band, the confidence and the method.
            var peak = forecast.GetProperty("peak").GetProperty("time").GetDateTimeOffset();
            AssertShows($@"{Regex(forecast.GetProperty("metric").GetString()!)}\s*│[^│]+│\s*{Minute(peak)}\S*\s*│[^│]+\.\.[^│]+│\s*{Percent(forecast)}\s*│\s*additive Holt-Winters", table);
        }
    }

    private static void AssertShows(string pattern, CliResult result) =>
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(result.Output, pattern), $"{pattern} not in:\n{result}");

    /// <summary>A time as the table starts it (<c>2026-12-11 20:23</c>; seconds follow).</summary>
    private static string Minute(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Percent(JsonElement prediction) =>
        (100 * prediction.GetProperty("confidence").GetDouble()).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);
}
