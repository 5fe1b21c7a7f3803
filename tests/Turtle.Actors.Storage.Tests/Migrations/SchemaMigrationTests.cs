using Turtle.Actors.Runtime.Storage;
using Turtle.Actors.Storage.Tests.Conformance;

namespace Turtle.Actors.Storage.Tests.Migrations;

/// <summary>
/// The durable providers' schema migrations, written once: every test starts from an empty store of its own, and
/// "a new instance" means a new provider object that runs the migrations again, as a restarted or second silo does.
/// </summary>
public abstract class SchemaMigrationTests : IAsyncLifetime
{
    private const int ConcurrentSilos = 8;

    /// <summary>The schema version the provider's shipped migrations reach.</summary>
    protected abstract int LatestVersion { get; }

    /// <summary>Makes this test's empty store (a file path, a database).</summary>
    protected abstract Task CreateEmptyStoreAsync();

    protected abstract Task DeleteStoreAsync();

    /// <summary>A new, uninitialized provider instance over the store.</summary>
    protected abstract IGrainStorage NewInstance();

    protected abstract Task InitializeAsync(IGrainStorage storage);

    /// <summary>The recorded migrations: (version, applied at), in version order.</summary>
    protected abstract Task<List<(int Version, string AppliedAt)>> ReadVersionsAsync();

    Task IAsyncLifetime.InitializeAsync() => CreateEmptyStoreAsync();

    Task IAsyncLifetime.DisposeAsync() => DeleteStoreAsync();

    [Fact]
    public async Task Running_the_migrations_again_is_a_no_op()
    {
        var id = new GrainId("migration", Guid.NewGuid().ToString("N"));
        var written = new GrainStateCopy<SampleState> { State = SampleState.Rich() };
        await using (var first = (IAsyncDisposable)NewInstance())
        {
            await InitializeAsync((IGrainStorage)first);
            await InitializeAsync((IGrainStorage)first);
            await ((IGrainStorage)first).WriteStateAsync("s", id, written);
        }

        var versions = await ReadVersionsAsync();
        Assert.Equal(Enumerable.Range(1, LatestVersion), versions.Select(v => v.Version));

        await using var second = (IAsyncDisposable)NewInstance();
        await InitializeAsync((IGrainStorage)second);
        Assert.Equal(versions, await ReadVersionsAsync());
        var read = new GrainStateCopy<SampleState>();
        await ((IGrainStorage)second).ReadStateAsync("s", id, read);
        Assert.Equal(written.ETag, read.ETag);
        SampleState.AssertSame(written.State, read.State);
    }

    [Fact]
    public async Task Silos_initializing_an_empty_store_at_once_all_succeed_and_migrate_it_once()
    {
        var instances = Enumerable.Range(0, ConcurrentSilos).Select(_ => NewInstance()).ToArray();
        try
        {
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var starts = instances.Select(storage => Task.Run(async () =>
            {
                await go.Task;
                await InitializeAsync(storage);
            })).ToArray();
            go.SetResult();
            await Task.WhenAll(starts);

            var versions = await ReadVersionsAsync();
            Assert.Equal(Enumerable.Range(1, LatestVersion), versions.Select(v => v.Version));
            foreach (var (storage, index) in instances.Select((s, i) => (s, i)))
            {
                await storage.WriteStateAsync("s", new GrainId("migration", $"silo-{index}"), new GrainStateCopy<SampleState>());
            }
        }
        finally
        {
            foreach (var storage in instances)
            {
                await ((IAsyncDisposable)storage).DisposeAsync();
            }
        }
    }
}
