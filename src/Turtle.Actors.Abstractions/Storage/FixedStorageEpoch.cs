namespace Turtle.Actors.Storage;

/// <summary>An <see cref="IStorageEpoch"/> that never changes; <see cref="Zero"/> is a silo's default until failover is configured.</summary>
public sealed class FixedStorageEpoch(long current) : IStorageEpoch
{
    /// <summary>Epoch 0: what every record carries before any failover.</summary>
    public static FixedStorageEpoch Zero { get; } = new(0);

    public long Current { get; } = current;
}
