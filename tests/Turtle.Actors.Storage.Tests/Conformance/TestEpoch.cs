using Turtle.Actors.Storage;

namespace Turtle.Actors.Storage.Tests.Conformance;

/// <summary>An epoch a test moves by hand, standing in for the cluster's failover epoch.</summary>
public sealed class TestEpoch : IStorageEpoch
{
    private readonly AsyncLocal<long?> _presented = new();
    private long _current;

    /// <summary>The epoch writes present: this async flow's own (<see cref="PresentInThisFlow"/>) if set, else the shared one.</summary>
    public long Current
    {
        get => _presented.Value ?? Volatile.Read(ref _current);
        set => Volatile.Write(ref _current, value);
    }

    /// <summary>
    /// Makes writes submitted from the calling async flow (a <c>Task.Run</c> body, say) present <paramref name="epoch"/>,
    /// so concurrent writers can present different epochs and each knows exactly which one it presented. Providers read
    /// the epoch in the caller's flow when a write is submitted.
    /// </summary>
    public void PresentInThisFlow(long epoch) => _presented.Value = epoch;
}
