using System.Globalization;
using Turtle.Actors.Messaging;

namespace Turtle.Actors.Runtime.Messaging;

/// <summary>
/// Observer ids name the silo (or client) that holds the observed object, so any silo can route a push to it:
/// key <c>{guid}@{host}:{port}@{generation}</c>, type <see cref="GrainType"/>.
/// </summary>
internal static class ObserverIds
{
    public const string GrainType = "sys.observer";

    public static GrainId Create(SiloAddress owner) =>
        new(GrainType, string.Create(CultureInfo.InvariantCulture, $"{Guid.NewGuid():N}@{owner.Host}:{owner.Port}@{owner.Generation}"));

    public static bool IsObserver(GrainId id) => id.Type == GrainType;

    public static bool TryGetOwner(GrainId id, out SiloAddress owner)
    {
        owner = default;
        var key = id.Key;
        var first = key.IndexOf('@');
        var last = key.LastIndexOf('@');
        var colon = key.LastIndexOf(':', last);
        if (first < 0 || last <= first || colon <= first ||
            !int.TryParse(key.AsSpan(colon + 1, last - colon - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ||
            !long.TryParse(key.AsSpan(last + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var generation))
        {
            return false;
        }

        owner = new SiloAddress(key[(first + 1)..colon], port, generation);
        return true;
    }
}
