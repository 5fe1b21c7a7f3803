using Turtle.Actors.Storage;
using Turtle.Twin;
using Turtle.Twin.Failover;

namespace Turtle.Silo.Failover;

/// <summary>Closes a grain's state writes on this silo while its <see cref="SiloAuthority"/> says it may not write that grain.</summary>
public sealed class AuthorityWriteGate(SiloAuthority authority, FailoverClock clock, ActiveGateways gateways) : IGrainWriteGate
{
    public void ThrowIfClosed(GrainId grainId)
    {
        if (!authority.MayWrite(TwinKeys.DcOf(grainId.Key), clock.Now, out var reason))
        {
            throw new ReadOnlySiloException($"{grainId} cannot be written here: {reason}. Write through an active gateway: {gateways.Describe()}.");
        }
    }
}

/// <summary>The epoch this silo's writes present: the one its authority last learned from the failover judge.</summary>
public sealed class AuthorityEpoch(SiloAuthority authority) : IStorageEpoch
{
    public long Current => authority.Epoch;
}
