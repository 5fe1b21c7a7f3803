using System.Text.Json.Serialization;

namespace Turtle.Twin.Changes;

[JsonConverter(typeof(JsonStringEnumConverter<TwinKind>))]
public enum TwinKind
{
    DataCenter,
    Host,
    Process,
    Link,
}

/// <summary>
/// One change of one twin: which (<paramref name="Key"/>, <paramref name="Kind"/>), its <paramref name="Version"/>
/// after the change (versions of one twin only grow, so a follower can tell what it missed), what changed (field names
/// of the twin record, camelCase as in the API), and when the silo made it.
/// </summary>
public sealed record TwinChange(string Key, TwinKind Kind, long Version, IReadOnlyList<string> Changed, DateTimeOffset Time);

/// <summary>Receives change events pushed by <see cref="IChangeFeedGrain"/> (one-way: a slow subscriber cannot stall twins).</summary>
public interface ITwinChangeObserver : IGrainObserver
{
    void OnChanges(IReadOnlyList<TwinChange> changes);
}

/// <summary>
/// The cluster's change feed: twins publish to it, subscribers (each silo's local feed, clients) receive every change.
/// Subscriptions expire unless renewed (Orleans' observer pattern), so a vanished subscriber costs nothing for long.
/// </summary>
public interface IChangeFeedGrain : IGrainWithStringKey
{
    /// <summary>The feed's key: one feed for the whole fleet.</summary>
    public const string Key = "all";

    [OneWay]
    Task Publish(TwinChange change);

    /// <summary>Subscribes or renews; returns how long the subscription lasts without renewal.</summary>
    Task<TimeSpan> Subscribe(ITwinChangeObserver observer);

    Task Unsubscribe(ITwinChangeObserver observer);
}
