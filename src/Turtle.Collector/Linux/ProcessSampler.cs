using System.Globalization;
using System.IO.Enumeration;
using Turtle.Collector.Counters;
using Turtle.Twin.Observations;

namespace Turtle.Collector.Linux;

/// <summary>
/// The processes worth reporting, from <c>/proc/&lt;pid&gt;</c>: the top <see cref="ProcessSelection.TopByCpu"/> by CPU
/// (those that used any), the top <see cref="ProcessSelection.TopByMemory"/> by resident memory, and every process of a
/// watched name. Every process's <c>stat</c> is read each sample (CPU needs the difference); <c>status</c>,
/// <c>cmdline</c> and <c>fd</c> only for the ones reported. CPU is percent of one CPU, as top shows it, from the
/// utime + stime ticks used over the interval. A process reported once is reported in <c>Exited</c> when it is gone
/// (or its pid was reused: the start time differs). The first sample reports nothing: CPU needs two.
/// </summary>
internal sealed class ProcessSampler(HostFiles files, BootClock boot, ProcessSelection selection, long clockTicksPerSecond, int pageSize)
{
    private static readonly EnumerationOptions PidDirectories = new() { AttributesToSkip = 0, IgnoreInaccessible = true, RecurseSubdirectories = false };
    private static readonly string[] StateLetters = [.. Enumerable.Range(0, 128).Select(c => ((char)c).ToString())];
    private static readonly Comparison<Tracked> ByCpu = (a, b) => b.CpuPercent.CompareTo(a.CpuPercent) is var c and not 0 ? c : a.Pid.CompareTo(b.Pid);
    private static readonly Comparison<Tracked> ByMemory = (a, b) => b.RssPages.CompareTo(a.RssPages) is var c and not 0 ? c : a.Pid.CompareTo(b.Pid);

    private readonly string _proc = files.PathOf("proc");
    private readonly ProcessDetails _details = new(files);
    private readonly UserNames _users = new(files);
    private readonly HashSet<string> _watched = selection.WatchedCommNames();
    private readonly Dictionary<int, Tracked> _tracked = [];
    private readonly List<Tracked> _alive = [];
    private readonly List<int> _gone = [];
    private readonly List<ProcessExit> _pendingExits = [];
    private long _sample;
    private double? _lastUptime;

    /// <summary>
    /// The selected processes, CPU measured over <paramref name="elapsedSeconds"/>, and those reported before that have
    /// ended; null on the first sample, or when the boot time (for start times) cannot be read.
    /// </summary>
    public (List<ProcessObservation> Processes, List<ProcessExit> Exited)? Sample(double? uptimeSeconds, double? elapsedSeconds)
    {
        _sample++;
        _alive.Clear();
        var startedAfter = _lastUptime;
        _lastUptime = uptimeSeconds;
        foreach (var pid in new FileSystemEnumerable<int>(_proc, static (ref FileSystemEntry e) => int.Parse(e.FileName, CultureInfo.InvariantCulture), PidDirectories)
                 {
                     ShouldIncludePredicate = static (ref FileSystemEntry e) => e.FileName.Length is > 0 and < 10 && !e.FileName.ContainsAnyExceptInRange('0', '9'),
                 })
        {
            Update(pid, startedAfter, elapsedSeconds);
        }

        Sweep();
        if (elapsedSeconds is null || boot.BootTime is not { } bootTime)
        {
            return null;
        }

        _users.Refresh();
        var processes = new List<ProcessObservation>();
        Select(processes, bootTime);
        var exits = _pendingExits.Take(ObservationLimits.Default.MaxProcesses).ToList();
        _pendingExits.RemoveRange(0, exits.Count);
        return (processes, exits);
    }

    private void Update(int pid, double? startedAfter, double? elapsedSeconds)
    {
        _tracked.TryGetValue(pid, out var tracked);
        var directory = tracked?.Directory ?? Path.Join(_proc, pid.ToString(CultureInfo.InvariantCulture));
        if (!files.TryReadAll(tracked?.StatPath ?? Path.Join(directory, "stat"), out var line) || !ProcessStat.TryParse(line, out var stat, out var name))
        {
            return; // ended between listing and reading
        }

        if (tracked is not null && tracked.StartTicks != stat.StartTicks)
        {
            End(tracked); // the pid was reused by a new process
            tracked = null;
        }

        double usedTicks;
        if (tracked is null)
        {
            tracked = new Tracked(pid, stat.StartTicks, directory);
            _tracked[pid] = tracked;

            // New since the last sample: all its CPU time was used within the interval. Otherwise (the first sample)
            // its time is not known to be recent, and it is taken as none.
            usedTicks = startedAfter is { } after && stat.StartTicks >= after * clockTicksPerSecond ? stat.CpuTicks : 0;
        }
        else
        {
            usedTicks = stat.CpuTicks >= tracked.CpuTicks ? stat.CpuTicks - tracked.CpuTicks : 0;
        }

        tracked.CpuPercent = elapsedSeconds is { } elapsed && elapsed > 0 ? Rates.Round(100.0 * usedTicks / clockTicksPerSecond / elapsed) : 0;
        tracked.CpuTicks = stat.CpuTicks;
        tracked.State = stat.State;
        tracked.Threads = stat.Threads;
        tracked.RssPages = stat.RssPages;
        tracked.Sample = _sample;
        tracked.SetName(name);
        _alive.Add(tracked);
    }

    private void Sweep()
    {
        foreach (var (pid, tracked) in _tracked)
        {
            if (tracked.Sample != _sample)
            {
                _gone.Add(pid);
            }
        }

        foreach (var pid in _gone)
        {
            End(_tracked[pid]);
            _tracked.Remove(pid);
        }

        _gone.Clear();
    }

    private void End(Tracked tracked)
    {
        // Only processes the twin knows of: reporting the end of one never reported would name an unknown grain.
        if (tracked.StartTime is { } start)
        {
            _pendingExits.Add(new ProcessExit(tracked.Pid, start));
        }
    }

    private void Select(List<ProcessObservation> into, DateTimeOffset bootTime)
    {
        _alive.Sort(ByCpu);
        AddTop(into, bootTime, selection.TopByCpu, static t => t.CpuPercent > 0);
        _alive.Sort(ByMemory);
        AddTop(into, bootTime, selection.TopByMemory, static t => t.RssPages > 0);
        if (_watched.Count > 0)
        {
            foreach (var tracked in _alive)
            {
                if (_watched.Contains(tracked.Name))
                {
                    Add(into, bootTime, tracked);
                }
            }
        }
    }

    private void AddTop(List<ProcessObservation> into, DateTimeOffset bootTime, int count, Func<Tracked, bool> qualifies)
    {
        for (var i = 0; i < _alive.Count && i < count && qualifies(_alive[i]); i++)
        {
            Add(into, bootTime, _alive[i]);
        }
    }

    private void Add(List<ProcessObservation> into, DateTimeOffset bootTime, Tracked tracked)
    {
        if (tracked.Selected == _sample || into.Count == ObservationLimits.Default.MaxProcesses
            || !_details.TryReadStatus(tracked.StatusPath, out var rssBytes, out var uid))
        {
            return;
        }

        tracked.Selected = _sample;
        var start = tracked.StartTime ??= bootTime.AddTicks((long)(tracked.StartTicks * (ulong)TimeSpan.TicksPerSecond / (ulong)clockTicksPerSecond));
        tracked.Command = _details.ReadCommand(tracked.CmdlinePath, tracked.Command, ref tracked.CommandBytes);
        into.Add(new ProcessObservation
        {
            Pid = tracked.Pid,
            StartTime = start,
            Name = tracked.Name,
            Command = tracked.Command,
            User = _users.Get(uid),
            State = tracked.State < StateLetters.Length && char.IsAsciiLetter((char)tracked.State) ? StateLetters[tracked.State] : null,
            CpuPercent = tracked.CpuPercent,
            RssBytes = rssBytes > 0 || tracked.RssPages == 0 ? rssBytes : tracked.RssPages * pageSize,
            Threads = tracked.Threads,
            Fds = _details.CountFds(tracked.Directory, tracked.FdPath),
        });
    }

    /// <summary>One process as followed across samples.</summary>
    private sealed class Tracked(int pid, ulong startTicks, string directory)
    {
        private byte[] _nameBytes = [];

        public int Pid { get; } = pid;
        public ulong StartTicks { get; } = startTicks;
        public string Directory { get; } = directory;
        public string StatPath { get; } = Path.Join(directory, "stat");
        public string StatusPath => field ??= Path.Join(Directory, "status");
        public string CmdlinePath => field ??= Path.Join(Directory, "cmdline");
        public string FdPath => field ??= Path.Join(Directory, "fd");
        public string Name { get; private set; } = "";
        public ulong CpuTicks { get; set; }
        public double CpuPercent { get; set; }
        public byte State { get; set; }
        public int Threads { get; set; }
        public long RssPages { get; set; }
        public long Sample { get; set; }
        public long Selected { get; set; }

        /// <summary>Set once it is reported: from then on its end is reported too.</summary>
        public DateTimeOffset? StartTime { get; set; }

        public string? Command { get; set; }
        public byte[]? CommandBytes;

        /// <summary>The command name (comm) from stat; a process can rename itself, so it is compared every sample.</summary>
        public void SetName(ReadOnlySpan<byte> name)
        {
            if (Name.Length > 0 && name.SequenceEqual(_nameBytes))
            {
                return;
            }

            _nameBytes = name.ToArray();
            Name = name.IsEmpty ? Pid.ToString(CultureInfo.InvariantCulture) : SpanText.Decode(name);
        }
    }
}
