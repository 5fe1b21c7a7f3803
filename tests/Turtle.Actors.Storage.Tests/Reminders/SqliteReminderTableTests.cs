using Microsoft.Extensions.Logging.Abstractions;
using Turtle.Actors.Configuration;
using Turtle.Actors.Reminders;
using Turtle.Actors.Sqlite;
using Turtle.Actors.Sqlite.Reminders;

namespace Turtle.Actors.Storage.Tests.Reminders;

public sealed class SqliteReminderTableTests : ReminderTableConformanceTests, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "turtle-reminders-" + Guid.NewGuid().ToString("N"));

    protected override async Task<IReminderTable> CreateAsync()
    {
        var table = new SqliteReminderTable(new SqliteDatabase(new SqliteStorageOptions { DataDirectory = _directory }, NullLogger.Instance));
        await table.InitializeAsync();
        return table;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
