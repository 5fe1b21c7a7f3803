using System.Text.Json;
using System.Text.Json.Serialization;

namespace Turtle.Cli.Api;

/// <summary>
/// What <c>GET /api/v1/replication</c> answers: whether the silo keeps read-only replicas of the twins (an observer
/// does), how many, and how far they trail the twins (milliseconds over the most recent changes).
/// </summary>
public sealed record ReplicationView
{
    public bool Enabled { get; init; }

    /// <summary>Replicas held, by kind; null when the silo keeps none.</summary>
    public ReplicaCounts? Replicas { get; init; }

    public LagFigures Lag { get; init; } = new();

    public long ChangesApplied { get; init; }

    public DateTimeOffset? LastApplied { get; init; }

    /// <summary>The last catch-up that compared every replica's version with its twin's.</summary>
    public DateTimeOffset? LastFullSync { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? More { get; set; }
}

public sealed record ReplicaCounts
{
    public int Dcs { get; init; }

    public int Hosts { get; init; }

    public int Processes { get; init; }

    public int Links { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? More { get; set; }
}

/// <summary>Lag over the most recent <see cref="Changes"/> applied changes, in milliseconds; null before any.</summary>
public sealed record LagFigures
{
    public int Changes { get; init; }

    public double? P50Ms { get; init; }

    public double? P99Ms { get; init; }

    public double? MaxMs { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? More { get; set; }
}
