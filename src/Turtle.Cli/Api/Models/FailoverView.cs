using System.Text.Json;
using System.Text.Json.Serialization;

namespace Turtle.Cli.Api;

/// <summary>What <c>GET /api/v1/failover</c> answers: the state machine, this silo's right to write, who takes writes.</summary>
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

/// <summary>Phase, epoch, failed and promoted DC, each DC's judged health and the newest decisions (newest last).</summary>
public sealed record FailoverStatus
{
    public FailoverPhase Phase { get; init; }

    public long Epoch { get; init; }

    public string? FailedDc { get; init; }

    public string? PromotedDc { get; init; }

    /// <summary>When the phase began; <see cref="DateTimeOffset.MinValue"/> when it never changed.</summary>
    public DateTimeOffset PhaseSince { get; init; }

    public List<DcJudgement> Dcs { get; init; } = [];

    public List<FailoverDecision> Decisions { get; init; } = [];

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? More { get; set; }
}

/// <summary>One DC's judged health and the verdict of each vantage point (its own silos, and each other DC).</summary>
public sealed record DcJudgement
{
    public string Dc { get; init; } = "";

    public DcHealthState State { get; init; }

    public DateTimeOffset Since { get; init; }

    public List<VantageView> Vantages { get; init; } = [];

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? More { get; set; }
}

/// <summary>What the vantage point <see cref="From"/> (a DC) says, from which silo's report, how old.</summary>
public sealed record VantageView
{
    public string From { get; init; } = "";

    public VantageVerdict Verdict { get; init; }

    public string? Silo { get; init; }

    public double? ReportAgeSeconds { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? More { get; set; }
}

/// <summary>One decision of the state machine with the evidence it was taken on.</summary>
public sealed record FailoverDecision
{
    public DateTimeOffset Time { get; init; }

    public long Epoch { get; init; }

    public FailoverPhase From { get; init; }

    public FailoverPhase To { get; init; }

    public string Decision { get; init; } = "";

    public string Evidence { get; init; } = "";

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
