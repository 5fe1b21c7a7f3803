using Turtle.Actors.Storage;

namespace Turtle.Silo.Security;

/// <summary>
/// Where the silo's own records live: the default grain storage, resolved at first use, so a silo whose storage
/// setting is wrong still fails start-up with the validator's message naming it rather than a DI error here.
/// </summary>
public sealed class SystemStorage(IServiceProvider services)
{
    /// <summary>The default grain storage's service key, as the failover's vantage board uses it.</summary>
    public const string StorageName = "Default";

    private IGrainStorage? _storage;

    public IGrainStorage Storage => _storage ??= services.GetRequiredKeyedService<IGrainStorage>(StorageName);
}

/// <summary>
/// One record of the silo's own (not a grain's) kept in the cluster's grain storage, like the failover's vantage board:
/// so it lives wherever grain state lives (SQLite, PostgreSQL, memory) and every silo of a cluster sees the same one.
/// Changes are read-modify-write under the record's etag, retried when another silo wrote in between.
/// </summary>
internal sealed class SystemRecord<T>(SystemStorage system, string grainType, string key, string stateName)
    where T : class, new()
{
    private const int Attempts = 8;
    private readonly GrainId _id = new(grainType, key);

    public async Task<T> ReadAsync(CancellationToken cancellationToken = default)
    {
        var state = new Holder();
        await system.Storage.ReadStateAsync(stateName, _id, state, cancellationToken);
        return state.State;
    }

    /// <summary>Applies <paramref name="change"/> to the stored value and writes it; returns what the change returned.</summary>
    public async Task<TResult> UpdateAsync<TResult>(Func<T, TResult> change, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var state = new Holder();
            await system.Storage.ReadStateAsync(stateName, _id, state, cancellationToken);
            var result = change(state.State);
            try
            {
                await system.Storage.WriteStateAsync(stateName, _id, state, cancellationToken);
                return result;
            }
            catch (InconsistentStateException) when (attempt < Attempts)
            {
                // Another silo wrote in between: apply the change again to what it wrote.
            }
        }
    }

    /// <summary>Deletes the record if there is one.</summary>
    public async Task ClearAsync(CancellationToken cancellationToken = default)
    {
        var state = new Holder();
        await system.Storage.ReadStateAsync(stateName, _id, state, cancellationToken);
        if (state.RecordExists)
        {
            await system.Storage.ClearStateAsync(stateName, _id, state, cancellationToken);
        }
    }

    private sealed class Holder : IGrainState<T>
    {
        public T State { get; set; } = new();

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }
    }
}
