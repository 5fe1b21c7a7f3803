namespace Turtle.Actors.Configuration;

/// <summary>Where and how a SQLite grain storage provider keeps its file. One file holds every grain's state.</summary>
public sealed class SqliteStorageOptions
{
    public const string DefaultDataDirectory = "./data";
    public const string DefaultFileName = "turtle.db";
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The directory of the database file, created if missing; relative paths are relative to the working directory. <value>Default <c>./data</c>.</value></summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory;

    /// <summary>The database file's name inside <see cref="DataDirectory"/>. <value>Default <c>turtle.db</c>.</value></summary>
    public string FileName { get; set; } = DefaultFileName;

    /// <summary>How long a write waits for another connection's (or another silo's) write lock before failing. <value>Default 30 seconds.</value></summary>
    public TimeSpan BusyTimeout { get; set; } = DefaultBusyTimeout;

    /// <summary>The database file's absolute path.</summary>
    public string DatabasePath => Path.GetFullPath(Path.Combine(DataDirectory, FileName));
}
