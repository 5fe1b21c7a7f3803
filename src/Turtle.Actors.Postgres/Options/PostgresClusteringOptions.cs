namespace Turtle.Actors.Configuration;

/// <summary>Which PostgreSQL database holds the cluster's coordination tables (grain directory, membership).</summary>
public sealed class PostgresClusteringOptions
{
    /// <summary>
    /// The Npgsql connection string. Required; the silo takes it from <c>ConnectionStrings:Turtle</c>. Never logged.
    /// <value>No default.</value>
    /// </summary>
    public string? ConnectionString { get; set; }

    public override string ToString() => "PostgresClusteringOptions(ConnectionString: ***)";
}
