namespace Turtle.Twin.Twins;

/// <summary>A network link from a host to another host or a DC, as that host's probes see it.</summary>
public sealed record LinkTwin
{
    public required string Key { get; init; }

    public required string From { get; init; }

    public required string To { get; init; }

    public long Version { get; init; }

    public string? Target { get; init; }

    public double? RttMs { get; init; }

    public double? JitterMs { get; init; }

    public double LossPercent { get; init; }

    public LinkStatus Status { get; init; }

    public DateTimeOffset LastSeen { get; init; }

    /// <summary>The probing collector's interval in seconds: a link not probed for 3 of them is Unknown.</summary>
    public double Interval { get; init; }

    public LinkSummary ToSummary() => new(Key, From, To, Status, RttMs, LossPercent, LastSeen);
}

public sealed record LinkSummary(string Key, string From, string To, LinkStatus Status, double? RttMs, double LossPercent, DateTimeOffset LastSeen);
