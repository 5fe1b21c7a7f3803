using Turtle.Actors.Reminders;
using Turtle.Actors.Runtime.Reminders;

namespace Turtle.Actors.Storage.Tests.Reminders;

public sealed class MemoryReminderTableTests : ReminderTableConformanceTests
{
    private readonly MemoryReminderTable _table = new();

    // Memory is its own store: a "restart" is the same instance.
    protected override Task<IReminderTable> CreateAsync() => Task.FromResult<IReminderTable>(_table);
}
