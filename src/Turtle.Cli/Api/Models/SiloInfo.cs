using System.Text.Json;
using System.Text.Json.Serialization;

namespace Turtle.Cli.Api;

/// <summary>One silo of the cluster as <c>GET /api/v1/cluster/silos</c> shows it.</summary>
public sealed record SiloInfo
{
    public string Name { get; init; } = "";

    public string Address { get; init; } = "";

    public string Dc { get; init; } = "";

    public string Role { get; init; } = "";

    /// <summary>Membership status as text (Joining, Active, ShuttingDown, Dead).</summary>
    public string Status { get; init; } = "";

    public int GatewayPort { get; init; }

    public DateTimeOffset StartTime { get; init; }

    public DateTimeOffset LastHeartbeat { get; init; }

    public int SuspicionVotes { get; init; }

    /// <summary>Fields this CLI does not know yet, kept so <c>--format json</c> passes them on.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? More { get; set; }
}
