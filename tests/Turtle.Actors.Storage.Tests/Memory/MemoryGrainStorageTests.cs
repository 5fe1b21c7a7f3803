using Turtle.Actors.Runtime.Storage;
using Turtle.Actors.Storage.Tests.Conformance;

namespace Turtle.Actors.Storage.Tests.Memory;

/// <summary>
/// Memory storage against the shared contract. Its records live in the instance, so "another instance over the same
/// store" is the same instance: the race runs through one provider, and the restart test checks only what survives
/// within it (memory storage does not survive a process restart, by design).
/// </summary>
public sealed class MemoryGrainStorageTests : GrainStorageConformanceTests
{
    private MemoryGrainStorage? _storage;

    protected override Task<IGrainStorage> CreateStorageAsync() => Task.FromResult<IGrainStorage>(_storage ??= new MemoryGrainStorage(Epoch));
}
