using Turtle.Actors.Runtime.Storage;

namespace Turtle.Actors.Sqlite.History;

/// <summary>The history file's profile: its own migrations and schema versions, and connections tuned for bulk inserts.</summary>
internal static class SqliteHistoryDatabase
{
    /// <summary>The history migrations (embedded <c>History/Migrations/NNNN_*.sql</c>), versioned in the history file's own <c>schema_version</c>.</summary>
    public static IReadOnlyList<SchemaMigration> Migrations { get; } =
        SchemaMigration.LoadEmbedded(typeof(SqliteHistoryDatabase).Assembly, "Turtle.Actors.Sqlite.HistoryMigrations.");

    // synchronous=NORMAL in WAL mode never corrupts the file; a power cut may lose the last batches, which for
    // monitoring history is the right price for several times the insert rate. A 64 MiB page cache (the default is
    // 2 MiB) keeps the series index's hot pages in memory while a fleet's samples land all over it.
    public static SqliteFileProfile Profile { get; } = new("history store", Migrations, "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;");
}
