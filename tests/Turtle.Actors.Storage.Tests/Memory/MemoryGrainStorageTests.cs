using Turtle.Actors.Runtime.Storage;
using Turtle.Actors.Storage.Tests.Conformance;

namespace Turtle.Actors.Storage.Tests.Memory;

/// <summary>
/// Memory storage against the shared contract. Every instance the suite asks for is a new view of one
/// <see cref="MemoryGrainStore"/> (as several silos share one database), so the races run through separate
/// providers over the same records and fence. Memory storage does not survive a process restart, by design; the
/// restart test sees what a new view of the same store sees.
/// </summary>
public sealed class MemoryGrainStorageTests : GrainStorageConformanceTests
{
    private readonly MemoryGrainStore _store = new();

    protected override Task<IGrainStorage> CreateStorageAsync() => Task.FromResult<IGrainStorage>(new MemoryGrainStorage(Epoch, _store));
}
