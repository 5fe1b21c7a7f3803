namespace Turtle.Twin.Twins;

/// <summary>A process: identity (pid and start time), what it runs, its latest use, and its exit once it ended.</summary>
public sealed record ProcessTwin
{
    public required string Key { get; init; }

    public required string Host { get; init; }

    public required int Pid { get; init; }

    public required DateTimeOffset StartTime { get; init; }

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
}
