using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Turtle.Actors.Postgres.Reminders;
using Turtle.Actors.Reminders;
using Turtle.Actors.Storage.Tests.Postgres;

namespace Turtle.Actors.Storage.Tests.Reminders;

/// <summary>Each table instance has its own connection pool, as separate silo processes would.</summary>
public sealed class PostgresReminderTableTests(PostgresDatabaseFixture database) : ReminderTableConformanceTests,
    IClassFixture<PostgresDatabaseFixture>, IAsyncDisposable
{
    private readonly string _clusterId = "c" + Guid.NewGuid().ToString("N");
    private readonly List<NpgsqlDataSource> _dataSources = [];

    protected override async Task<IReminderTable> CreateAsync()
    {
        var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        _dataSources.Add(dataSource);
        var table = new PostgresReminderTable(dataSource, _clusterId, NullLogger.Instance);
        await table.InitializeAsync();
        return table;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync();
        }
    }
}
