using System.Text.Json;
using System.Text.Json.Serialization;

namespace Turtle.Cli.Api;

/// <summary>A process as <c>GET /api/v1/hosts/{dc}/{host}/processes</c> lists it (busiest first).</summary>
public sealed record ProcessTwin
{
    public string Key { get; init; } = "";

    public string Host { get; init; } = "";

    public int Pid { get; init; }

    public DateTimeOffset StartTime { get; init; }

    public long Version { get; init; }

    public string Name { get; init; } = "";

    public string? Command { get; init; }

    public string? User { get; init; }

    public string? State { get; init; }

    public double CpuPercent { get; init; }

    public long RssBytes { get; init; }

    public int? Threads { get; init; }

    public int? Fds { get; init; }

    public DateTimeOffset FirstSeen { get; init; }

    public DateTimeOffset LastSeen { get; init; }

    public bool Exited { get; init; }

    public DateTimeOffset? ExitTime { get; init; }

    public int? ExitCode { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? More { get; set; }
}
