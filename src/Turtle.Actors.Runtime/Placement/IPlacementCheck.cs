using Turtle.Actors.Messaging;

namespace Turtle.Actors.Runtime.Placement;

/// <summary>
/// Asks placement, as it stands now, whether a grain belongs on this silo: the rule a silo applies before activating
/// a grain a caller sent it, offered to hosts whose filters follow their own state (they let go of activations placed
/// by an older state). Available in a cluster.
/// </summary>
public interface IPlacementCheck
{
    /// <summary>Where placement puts <paramref name="grainId"/> if not here; null when this silo is allowed (or placement cannot tell).</summary>
    SiloAddress? PlacedElsewhere(GrainId grainId);
}
