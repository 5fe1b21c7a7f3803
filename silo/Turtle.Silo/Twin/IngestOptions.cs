namespace Turtle.Silo.Twin;

/// <summary>Limits and checks of <c>POST /api/v1/observations</c>, bound from <c>Turtle:Ingest</c>.</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Turtle:Ingest";

    /// <summary>The largest request body, after decompression. <value>Default 1 MiB.</value></summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The DCs observations may name; empty accepts any valid DC name. <value>Default empty.</value></summary>
    public List<string> Dcs { get; set; } = [];
}
