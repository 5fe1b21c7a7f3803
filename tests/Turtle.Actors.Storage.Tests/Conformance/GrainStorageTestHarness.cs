using Turtle.Actors.Storage;

namespace Turtle.Actors.Storage.Tests.Conformance;

/// <summary>
/// What the conformance suite needs from a provider, and the helpers its tests share. Each test gets a fresh
/// <see cref="Epoch"/> (starting at 0) shared by every instance it opens, unique grain ids, and a backing store of its
/// own: the cluster fence (<see cref="IStorageFence"/>) belongs to the whole store, so a test raising it would refuse
/// another test's writes if they shared one.
/// </summary>
public abstract class GrainStorageTestHarness : IAsyncLifetime
{
    protected const string StateName = "sample";

    private readonly List<IGrainStorage> _opened = [];

    /// <summary>The epoch every instance this test opens presents.</summary>
    protected TestEpoch Epoch { get; } = new();

    /// <summary>The first instance the test opened.</summary>
    protected IGrainStorage Storage { get; private set; } = null!;

    /// <summary>
    /// Opens an initialized provider instance over this test's backing store, presenting <see cref="Epoch"/>. Durable
    /// providers return a new instance with its own connections each time, as another silo would have; memory storage
    /// is its own store, so it returns the same instance.
    /// </summary>
    protected abstract Task<IGrainStorage> CreateStorageAsync();

    /// <summary>Removes the backing store after the test (a temporary file, say); runs after every opened instance is disposed.</summary>
    protected virtual Task DeleteStoreAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => Storage = await OpenStorageAsync();

    public async Task DisposeAsync()
    {
        foreach (var storage in _opened.Distinct())
        {
            await DisposeStorageAsync(storage);
        }

        await DeleteStoreAsync();
    }

    /// <summary>The cluster fence of <paramref name="storage"/>: every provider implements <see cref="IStorageFence"/>.</summary>
    protected static IStorageFence FenceOf(IGrainStorage storage) => Assert.IsAssignableFrom<IStorageFence>(storage);

    protected static GrainId NewGrainId(string type = "conformance") => new(type, Guid.NewGuid().ToString("N"));

    /// <summary>Opens an instance and remembers it for disposal.</summary>
    protected async Task<IGrainStorage> OpenStorageAsync()
    {
        var storage = await CreateStorageAsync();
        _opened.Add(storage);
        return storage;
    }

    protected static async Task DisposeStorageAsync(IGrainStorage storage)
    {
        if (storage is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    protected async Task<GrainStateCopy<SampleState>> WriteAsync(GrainId id, SampleState state)
    {
        var copy = new GrainStateCopy<SampleState> { State = state };
        await Storage.WriteStateAsync(StateName, id, copy);
        return copy;
    }

    protected static async Task<GrainStateCopy<SampleState>> ReadAsync(IGrainStorage storage, GrainId id, string stateName = StateName)
    {
        var copy = new GrainStateCopy<SampleState>();
        await storage.ReadStateAsync(stateName, id, copy);
        return copy;
    }

    /// <summary>Storage holds exactly what <paramref name="expected"/> last wrote.</summary>
    protected async Task AssertStoredAsync(GrainId id, GrainStateCopy<SampleState> expected)
    {
        var read = await ReadAsync(Storage, id);
        Assert.True(read.RecordExists);
        Assert.Equal(expected.ETag, read.ETag);
        SampleState.AssertSame(expected.State, read.State);
    }
}
