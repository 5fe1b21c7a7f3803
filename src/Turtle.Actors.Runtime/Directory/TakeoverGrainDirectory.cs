using Turtle.Actors.Messaging;
using Turtle.Actors.Runtime.Membership;

namespace Turtle.Actors.Runtime.Directory;

/// <summary>
/// The directory as activations register in it: an entry that names a silo the cluster declared dead is replaced, but
/// only once that silo's takeover delay has passed here (<see cref="IClusterMembership.TakeoverDelay"/>), because
/// until then the dead silo may still hold a writable activation. Every other call passes through.
/// </summary>
internal sealed class TakeoverGrainDirectory(IGrainDirectory inner, IClusterMembership membership, TimeProvider time) : IGrainDirectory
{
    // Each round replaces one dead silo's entry; more rounds than this mean silos keep dying under the grain.
    private const int Rounds = 3;

    public async ValueTask<GrainAddress> RegisterAsync(GrainAddress address, CancellationToken cancellationToken = default)
    {
        var registered = await inner.RegisterAsync(address, cancellationToken).ConfigureAwait(false);
        for (var round = 0; round < Rounds && registered != address && registered.Silo != address.Silo && membership.IsDead(registered.Silo); round++)
        {
            await Task.Delay(membership.TakeoverDelay(registered.Silo), time, cancellationToken).ConfigureAwait(false);
            await inner.UnregisterAsync(registered, cancellationToken).ConfigureAwait(false);
            registered = await inner.RegisterAsync(address, cancellationToken).ConfigureAwait(false);
        }

        return registered;
    }

    public ValueTask UnregisterAsync(GrainAddress address, CancellationToken cancellationToken = default) => inner.UnregisterAsync(address, cancellationToken);

    public ValueTask<GrainAddress?> LookupAsync(GrainId grainId, CancellationToken cancellationToken = default) => inner.LookupAsync(grainId, cancellationToken);

    public ValueTask RemoveSiloAsync(SiloAddress silo, CancellationToken cancellationToken = default) => inner.RemoveSiloAsync(silo, cancellationToken);

    public void ForgetCached(GrainId grainId) => inner.ForgetCached(grainId);
}
