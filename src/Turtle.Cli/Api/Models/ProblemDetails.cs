namespace Turtle.Cli.Api;

/// <summary>An RFC 9457 problem+json body as the silo sends it; <see cref="Errors"/> on validation problems.</summary>
public sealed record ProblemDetails
{
    public string? Type { get; init; }

    public string? Title { get; init; }

    public int? Status { get; init; }

    public string? Detail { get; init; }

    public Dictionary<string, string[]>? Errors { get; init; }
}
