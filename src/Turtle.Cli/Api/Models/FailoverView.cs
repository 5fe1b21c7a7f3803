using System.Text.Json;
using System.Text.Json.Serialization;
using Turtle.Twin.Failover;

namespace Turtle.Cli.Api;

/// <summary>
/// What <c>GET /api/v1/failover</c> answers: the state machine (the judge's <see cref="FailoverStatus"/>, as the grain
/// contracts define it), this silo's right to write, who takes writes. The wrapper is the silo host's own answer
/// (<c>Turtle.Silo.Api.FailoverView</c>), which the CLI does not reference, so its shape is kept here.
/// </summary>
public sealed record FailoverView
{
    /// <summary>False when the cluster runs without failover (<c>Turtle__Failover__Enabled</c>): the phase stays Normal.</summary>
    public bool Enabled { get; init; }

    public FailoverStatus Status { get; init; } = new();

    public SiloWriteView ThisSilo { get; init; } = new();

    public List<ActiveGateway> ActiveGateways { get; init; } = [];

    /// <summary>Set when the failover judge did not answer and the silo reports the status it last followed.</summary>
    public string? Warning { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? More { get; set; }
}

/// <summary>The silo that answered: its DC and role, and whether it takes writes now (and why not).</summary>
public sealed record SiloWriteView
{
    public string Dc { get; init; } = "";

    public bool Observer { get; init; }

    public bool CanWrite { get; init; }

    public string? Reason { get; init; }

    /// <summary>The phase of the status this silo follows (the judge's, as this silo last read it).</summary>
    public FailoverPhase FollowedPhase { get; init; }

    public long FollowedEpoch { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? More { get; set; }
}

/// <summary>A silo that takes writes: its name, DC and client gateway (<c>host:port</c>, null without one).</summary>
public sealed record ActiveGateway
{
    public string Silo { get; init; } = "";

    public string Dc { get; init; } = "";

    public string? Gateway { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? More { get; set; }
}
