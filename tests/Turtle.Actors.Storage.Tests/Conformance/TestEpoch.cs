using Turtle.Actors.Storage;

namespace Turtle.Actors.Storage.Tests.Conformance;

/// <summary>An epoch a test moves by hand, standing in for the cluster's failover epoch.</summary>
public sealed class TestEpoch : IStorageEpoch
{
    public long Current { get; set; }
}
