namespace Turtle.Collector;

/// <summary>Which processes an observation reports.</summary>
public sealed record ProcessSelection
{
    public const int DefaultTop = 10;

    /// <summary>The kernel keeps 15 characters of a command name (TASK_COMM_LEN less its terminator).</summary>
    internal const int CommNameLength = 15;

    /// <summary>How many of the processes using the most CPU to report (only those that used any). <value>Default 10.</value></summary>
    public int TopByCpu { get; set; } = DefaultTop;

    /// <summary>How many of the processes with the most resident memory to report. <value>Default 10.</value></summary>
    public int TopByMemory { get; set; } = DefaultTop;

    /// <summary>
    /// Command names (<c>comm</c>, as <c>ps -o comm</c> shows: <c>nginx</c>, <c>postgres</c>) whose every process is
    /// reported, busy or not. A name longer than 15 characters matches the 15 the kernel keeps. <value>Default none.</value>
    /// </summary>
    public IReadOnlyList<string> Watched { get; set; } = [];

    internal HashSet<string> WatchedCommNames() =>
        new(Watched.Select(n => n.Length > CommNameLength ? n[..CommNameLength] : n), StringComparer.Ordinal);
}
