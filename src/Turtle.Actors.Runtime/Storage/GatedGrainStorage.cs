using Turtle.Actors.Storage;

namespace Turtle.Actors.Runtime.Storage;

/// <summary>A grain's storage behind the silo's write gate: reads pass, writes and clears only while the gate is open.</summary>
internal sealed class GatedGrainStorage(IGrainStorage inner, IGrainWriteGate gate) : IGrainStorage
{
    public Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken = default) =>
        inner.ReadStateAsync(stateName, grainId, grainState, cancellationToken);

    public Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken = default)
    {
        gate.ThrowIfClosed(grainId);
        return inner.WriteStateAsync(stateName, grainId, grainState, cancellationToken);
    }

    public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken = default)
    {
        gate.ThrowIfClosed(grainId);
        return inner.ClearStateAsync(stateName, grainId, grainState, cancellationToken);
    }
}
