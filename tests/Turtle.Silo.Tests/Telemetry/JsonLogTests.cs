using System.Text.Json;

namespace Turtle.Silo.Tests.Telemetry;

/// <summary><c>Turtle:Logging:Json=true</c>: a real silo process logs one JSON object per line, with UTC timestamps.</summary>
public class JsonLogTests
{
    [Fact]
    public async Task A_silo_process_logs_json_lines_with_utc_timestamps()
    {
        var dataDir = Directory.CreateTempSubdirectory("turtle-jsonlog-").FullName;
        try
        {
            using var silo = SiloProcess.Start(new()
            {
                ["Turtle__Logging__Json"] = "true",
                ["Turtle__Storage__Provider"] = "memory",
                ["Turtle__DataDir"] = dataDir,
            });
            await silo.WaitReadyAsync(TimeSpan.FromSeconds(60));
            silo.Stop(TimeSpan.FromSeconds(30));

            var lines = silo.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.NotEmpty(lines);
            var objects = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList(); // every line is JSON
            var started = Assert.Single(objects, o => o.GetProperty("Category").GetString() == "Microsoft.Hosting.Lifetime"
                                                      && o.GetProperty("Message").GetString()!.StartsWith("Now listening on", StringComparison.Ordinal));
            Assert.Equal("Information", started.GetProperty("LogLevel").GetString());
            Assert.EndsWith("Z", started.GetProperty("Timestamp").GetString());
            Assert.True(DateTimeOffset.TryParse(started.GetProperty("Timestamp").GetString(), out var at));
            Assert.Equal(TimeSpan.Zero, at.Offset);
            Assert.True(started.TryGetProperty("EventId", out _));
            Assert.True(started.TryGetProperty("State", out _));
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
