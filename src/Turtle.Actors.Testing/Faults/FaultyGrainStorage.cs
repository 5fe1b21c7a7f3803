using Turtle.Actors.Storage;

namespace Turtle.Actors.Testing.Faults;

/// <summary>
/// One silo's grain storage and fence behind <see cref="TransportFaults"/>: every call is held while the silo is
/// paused and fails while it is cut from storage, as calls to an unreachable database do, and for good once
/// <paramref name="isDead"/> says this incarnation was killed (a dead process commits nothing more, even if a
/// successor of the same name is running). The calling silo is visible to a store's commit hook through
/// <see cref="CurrentSilo"/>.
/// </summary>
public sealed class FaultyGrainStorage(IGrainStorage inner, IStorageFence fence, TransportFaults faults, string silo, Func<bool>? isDead = null)
    : IGrainStorage, IStorageFence
{
    private static readonly AsyncLocal<string?> Caller = new();

    /// <summary>The silo whose storage call is running on this flow (null outside one).</summary>
    public static string? CurrentSilo => Caller.Value;

    public async Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken = default)
    {
        await BeforeAsync(cancellationToken).ConfigureAwait(false);
        await inner.ReadStateAsync(stateName, grainId, grainState, cancellationToken).ConfigureAwait(false);
    }

    public async Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken = default)
    {
        await BeforeAsync(cancellationToken).ConfigureAwait(false);
        Caller.Value = silo;
        await inner.WriteStateAsync(stateName, grainId, grainState, cancellationToken).ConfigureAwait(false);
    }

    public async Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken = default)
    {
        await BeforeAsync(cancellationToken).ConfigureAwait(false);
        Caller.Value = silo;
        await inner.ClearStateAsync(stateName, grainId, grainState, cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> RaiseFenceAsync(long epoch, CancellationToken cancellationToken = default)
    {
        await BeforeAsync(cancellationToken).ConfigureAwait(false);
        return await fence.RaiseFenceAsync(epoch, cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> ReadFenceAsync(CancellationToken cancellationToken = default)
    {
        await BeforeAsync(cancellationToken).ConfigureAwait(false);
        return await fence.ReadFenceAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask BeforeAsync(CancellationToken cancellationToken)
    {
        await faults.BeforeStorageAsync(silo, cancellationToken).ConfigureAwait(false);
        if (isDead?.Invoke() == true)
        {
            throw new StorageUnreachableException($"{silo} was killed: its storage connection is gone.");
        }
    }
}
