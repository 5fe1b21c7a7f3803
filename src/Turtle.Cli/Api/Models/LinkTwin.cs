using System.Text.Json;
using System.Text.Json.Serialization;

namespace Turtle.Cli.Api;

/// <summary>A network link from a host to a host or DC, as <c>GET /api/v1/links</c> lists it.</summary>
public sealed record LinkTwin
{
    public string Key { get; init; } = "";

    public string From { get; init; } = "";

    public string To { get; init; } = "";

    public long Version { get; init; }

    public string? Target { get; init; }

    public double? RttMs { get; init; }

    public double? JitterMs { get; init; }

    public double LossPercent { get; init; }

    public LinkStatus Status { get; init; }

    public DateTimeOffset LastSeen { get; init; }

    public double Interval { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? More { get; set; }
}
