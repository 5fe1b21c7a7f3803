namespace Turtle.Actors.Configuration;

/// <summary>Which PostgreSQL database a PostgreSQL grain storage provider uses.</summary>
public sealed class PostgresStorageOptions
{
    /// <summary>
    /// The Npgsql connection string, for example <c>Host=db;Port=5432;Username=turtle;Password=…;Database=turtle</c>.
    /// Required; the silo takes it from <c>ConnectionStrings:Turtle</c>. Never logged (it may hold a password).
    /// <value>No default.</value>
    /// </summary>
    public string? ConnectionString { get; set; }
}
