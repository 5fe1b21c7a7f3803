namespace Turtle.Twin.Observations;

/// <summary>One reason a batch was refused: the JSON path of the offending field (<c>$.metrics.cpu.percent</c>) and why.</summary>
public sealed record ObservationError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
