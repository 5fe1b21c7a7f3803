using System.Globalization;

namespace Turtle.Actors.Messaging;

/// <summary>
/// Observer ids name the silo that holds the observed object, so any silo can route a push to it:
/// key <c>{guid}@{host}:{port}@{generation}</c>, type <see cref="GrainType"/>. A client's observers name the
/// gateway silo the client is connected to, plus the client: <c>{guid}@{gateway}#{client}</c>.
/// </summary>
public static class ObserverIds
{
    public const string GrainType = "sys.observer";

    public static GrainId Create(SiloAddress owner, string? client = null) =>
        new(GrainType, string.Create(CultureInfo.InvariantCulture,
            $"{Guid.NewGuid():N}@{owner.Host}:{owner.Port}@{owner.Generation}{(client is null ? "" : "#" + client)}"));

    public static bool IsObserver(GrainId id) => id.Type == GrainType;

    /// <summary>The client part of a client observer's key, or null for a silo's observer.</summary>
    public static string? ClientOf(GrainId id)
    {
        var hash = id.Key.IndexOf('#');
        return hash < 0 ? null : id.Key[(hash + 1)..];
    }

    public static bool TryGetOwner(GrainId id, out SiloAddress owner)
    {
        owner = default;
        var key = id.Key;
        var hash = key.IndexOf('#');
        if (hash >= 0)
        {
            key = key[..hash];
        }

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
