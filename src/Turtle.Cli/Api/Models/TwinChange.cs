namespace Turtle.Cli.Api;

/// <summary>
/// One change of one twin from the change feed (<c>GET /api/v1/changes</c>, event <c>change</c>): its key and kind, its
/// version after the change, the fields that changed (camelCase, as in the API) and when the silo made it.
/// </summary>
public sealed record TwinChange(string Key, TwinKind Kind, long Version, IReadOnlyList<string> Changed, DateTimeOffset Time);

/// <summary>What the change feed said: a change, or that this reader fell behind and lost <see cref="Lost"/> of them.</summary>
public sealed record ChangeFeedEvent(TwinChange? Change, long Lost);

/// <summary>The <c>gap</c> event's data.</summary>
public sealed record ChangeGap(long Lost);
