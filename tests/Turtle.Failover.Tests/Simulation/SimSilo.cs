namespace Turtle.Failover.Tests.Simulation;

/// <summary>A grain activation in a silo's memory: the record version it last read or wrote, and whether a write is under way.</summary>
public sealed class Activation(long version)
{
    public long Version { get; set; } = version;

    public bool Busy { get; set; }
}

/// <summary>
/// One silo: it reports what it sees once a second (following the failover status first), holds grain activations
/// and writes them only while its <see cref="SiloAuthority"/> lets it. A paused silo does nothing, but the writes it
/// had already checked land when it resumes; a killed silo loses everything in memory and restarts fresh.
/// </summary>
public sealed class SimSilo(string name, string dc, bool observer, SiloClock clock, FailoverOptions options)
{
    private readonly List<Action> _pending = [];
    private TimeSpan _nextReport = clock.Now;

    public string Name => name;

    public string Dc => dc;

    public SiloClock Clock => clock;

    private int _kills;
    private int _pauses;

    public bool Killed => _kills > 0;

    public bool Paused => _pauses > 0;

    public int Incarnation { get; private set; }

    public SiloAuthority Authority { get; private set; } = new(options, dc, observer);

    public Dictionary<string, Activation> Activations { get; } = [];

    /// <summary>Whether it answers anything at all now.</summary>
    public bool Answers => !Killed && !Paused;

    /// <summary>Work already decided on that takes effect on the silo's next running tick (after a pause, if it is paused first).</summary>
    public void Defer(Action action) => _pending.Add(action);

    /// <summary>Kills it (faults overlap: it restarts, fresh, when the last fault that killed it ends).</summary>
    public void Kill()
    {
        if (_kills++ == 0)
        {
            _pending.Clear();
            Activations.Clear();
        }
    }

    public void Revive()
    {
        if (--_kills == 0)
        {
            Incarnation++;
            Authority = new SiloAuthority(options, dc, observer);
            _nextReport = clock.Now;
        }
    }

    public void Pause() => _pauses++;

    public void Resume() => _pauses--;

    public void Step(SimWorld world)
    {
        if (!Answers)
        {
            return;
        }

        var pending = _pending.ToList();
        _pending.Clear();
        pending.ForEach(action => action());

        // A silo that may not write holds nothing: what it held is re-read from the store when it may again.
        if (!Authority.CanWrite(clock.Now, out _))
        {
            Activations.Clear();
        }

        if (clock.Now >= _nextReport)
        {
            _nextReport = clock.Now + options.ReportInterval;
            Heartbeat(world);
        }
    }

    private void Heartbeat(SimWorld world)
    {
        var store = world.Network.ReachesStore(dc);
        if (store)
        {
            Authority.Follow(world.Store.Status);
            foreach (var grain in Activations.Keys.Where(g => !world.HostDcs(g, Authority.Status).Contains(dc)).ToList())
            {
                Activations.Remove(grain);
            }
        }

        var reaches = options.VotingDcs.Where(other => other != dc).ToDictionary(
            other => other, other => world.Network.Connected(dc, other) && world.Silos.Any(s => s.Dc == other && s.Answers));
        var own = world.Silos.Where(s => s.Dc == dc).ToList();
        var takenAt = clock.Now;
        var report = Authority.Report(name, reaches, own.Count(s => s.Answers), own.Count, world.Clock.Wall);
        if (store)
        {
            world.Store.Publish(report, Incarnation, world.Clock.Now);
            Authority.Published(report, takenAt);
        }
    }

    /// <summary>A client's write routed here: checked now, landing in the store on the next tick.</summary>
    public string? Write(SimWorld world, string grain, long writeId)
    {
        if (!Authority.CanWrite(clock.Now, out var reason))
        {
            return reason;
        }

        if (!Activations.TryGetValue(grain, out var activation))
        {
            if (!TryActivate(world, grain, out reason))
            {
                return reason;
            }

            activation = Activations[grain];
        }

        if (activation.Busy)
        {
            return "busy";
        }

        activation.Busy = true;
        var (version, epoch) = (activation.Version, Authority.Epoch);
        Defer(() => Land(world, grain, writeId, version, epoch, activation));
        return null;
    }

    private bool TryActivate(SimWorld world, string grain, out string reason)
    {
        var hosts = world.HostDcs(grain, Authority.Status);
        if (!hosts.Contains(dc))
        {
            reason = $"{grain} is not placed in {dc}";
            return false;
        }

        if (!world.Network.ReachesStore(dc))
        {
            reason = "store unreachable";
            return false;
        }

        var entry = world.Store.Owner(grain);
        if (entry is not null && entry.Silo != name && !world.OwnerGone(entry) && hosts.Contains(world.Silo(entry.Silo).Dc))
        {
            reason = $"{grain} is active on {entry.Silo}";
            return false;
        }

        if (!world.Store.TryClaim(grain, entry, new DirectoryEntry(name, Incarnation)))
        {
            reason = "directory changed";
            return false;
        }

        Activations[grain] = new Activation(world.Store.Read(grain).Version);
        reason = "";
        return true;
    }

    private void Land(SimWorld world, string grain, long writeId, long version, long epoch, Activation activation)
    {
        activation.Busy = false;
        if (!world.Network.ReachesStore(dc))
        {
            world.Stats.Refuse("write failed: store unreachable");
            return;
        }

        var outcome = world.Store.TryWrite(grain, writeId, version, epoch, name, dc, world.Clock.Now);
        if (outcome == WriteOutcome.Accepted)
        {
            activation.Version = version + 1;
            world.Acknowledge(grain, writeId);
            return;
        }

        world.Stats.Refuse($"refused by store: {outcome}");
        if (Activations.GetValueOrDefault(grain) == activation)
        {
            Activations.Remove(grain);
        }
    }
}
