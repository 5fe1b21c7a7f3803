using Turtle.Twin.Changes;

namespace Turtle.Cli.Api;

/// <summary>
/// What the change feed (<c>GET /api/v1/changes</c>) said: a <see cref="TwinChange"/> (event <c>change</c>), or that this
/// reader fell behind and lost <see cref="Lost"/> of them (event <c>gap</c>).
/// </summary>
public sealed record ChangeFeedEvent(TwinChange? Change, long Lost);

/// <summary>The <c>gap</c> event's data.</summary>
public sealed record ChangeGap(long Lost);
