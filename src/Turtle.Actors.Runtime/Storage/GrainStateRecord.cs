using System.Globalization;
using Turtle.Actors.Storage;

namespace Turtle.Actors.Runtime.Storage;

/// <summary>
/// How every grain storage provider reports a record to the grain's copy: versions become etags, a missing (or
/// cleared) record reads as a fresh state with no etag. One place, so providers cannot drift apart.
/// </summary>
public static class GrainStateRecord
{
    public static string Etag(long version) => version.ToString(CultureInfo.InvariantCulture);

    public static void Found<TState>(IGrainState<TState> grainState, TState state, long version)
    {
        grainState.State = state;
        grainState.ETag = Etag(version);
        grainState.RecordExists = true;
    }

    public static void Missing<TState>(IGrainState<TState> grainState)
    {
        grainState.State = Activator.CreateInstance<TState>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    public static void Written<TState>(IGrainState<TState> grainState, long version)
    {
        grainState.ETag = Etag(version);
        grainState.RecordExists = true;
    }
}
