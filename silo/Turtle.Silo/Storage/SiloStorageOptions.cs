namespace Turtle.Silo.Storage;

/// <summary>
/// Which store holds grain state, read from <c>Turtle:Storage:Provider</c>, <c>Turtle:DataDir</c> and
/// <c>ConnectionStrings:Turtle</c> (environment variables <c>Turtle__Storage__Provider</c>, <c>Turtle__DataDir</c>,
/// <c>ConnectionStrings__Turtle</c>).
/// </summary>
public sealed class SiloStorageOptions
{
    public const string ProviderSetting = "Turtle:Storage:Provider";
    public const string DataDirSetting = "Turtle:DataDir";
    public const string ConnectionStringName = "Turtle";
    public const string ConnectionStringSetting = "ConnectionStrings:" + ConnectionStringName;

    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
    public const string Memory = "memory";
    public const string DefaultProvider = Sqlite;
    public const string DefaultDataDir = "./data";

    public static readonly IReadOnlyList<string> Providers = [Sqlite, Postgres, Memory];

    /// <summary><c>sqlite</c> (one file under <see cref="DataDir"/>), <c>postgres</c> or <c>memory</c> (lost at exit). <value>Default <c>sqlite</c>.</value></summary>
    public string Provider { get; set; } = DefaultProvider;

    /// <summary>Where the silo keeps its files (the SQLite database); relative to the working directory. <value>Default <c>./data</c>.</value></summary>
    public string DataDir { get; set; } = DefaultDataDir;

    /// <summary>The PostgreSQL connection string; required when <see cref="Provider"/> is <c>postgres</c>. Never logged. <value>No default.</value></summary>
    public string? ConnectionString { get; set; }

    /// <summary>Reads the three settings; missing ones keep their defaults.</summary>
    public static SiloStorageOptions From(IConfiguration configuration) => new()
    {
        Provider = (configuration[ProviderSetting] ?? DefaultProvider).Trim().ToLowerInvariant(),
        DataDir = configuration[DataDirSetting] ?? DefaultDataDir,
        ConnectionString = configuration.GetConnectionString(ConnectionStringName),
    };
}
