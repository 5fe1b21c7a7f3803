using System.Net.Sockets;
using Turtle.Actors.Messaging;
using Turtle.Actors.Networking;

namespace Turtle.Actors.Testing.Faults;

/// <summary>
/// A fault-injecting transport for an in-process cluster: per ordered pair of silos, frames can be dropped (a cut
/// link, one way or both), delayed (fixed plus jitter), and a silo can be paused (its frames and storage calls held
/// until it resumes, as SIGSTOP holds a process) or cut from storage. Silos are known by name; the transport knows
/// them by silo port, which a restarted silo keeps. Register it as the silos' <see cref="ITransportFaults"/>.
/// </summary>
/// <remarks>
/// A connect across a cut hangs until <see cref="ConnectTimeout"/> has passed on the connecting silo's clock and then
/// fails, as a connect into a real partition does (no RST comes back); a refusal would let a silo learn of the cut at
/// once, which a real partition never offers. A cut in either direction hangs the connect: TCP's handshake needs both.
/// </remarks>
public sealed class TransportFaults : ITransportFaults
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, string> _byPort = [];
    private readonly Dictionary<string, string> _dcOf = new(StringComparer.Ordinal);
    private readonly HashSet<(string From, string To)> _cuts = [];
    private readonly Dictionary<(string From, string To), (TimeSpan Fixed, TimeSpan Jitter)> _delays = [];
    private readonly HashSet<string> _paused = new(StringComparer.Ordinal);
    private readonly HashSet<string> _storageCut = new(StringComparer.Ordinal);
    private readonly Func<string, TimeProvider> _clockOf;
    private readonly Random _jitter;
    private TaskCompletionSource _changed = NewSignal();

    /// <param name="clockOf">Each silo's clock, by name: delays and connect timeouts run on the sender's.</param>
    /// <param name="seed">Seeds the jitter.</param>
    public TransportFaults(Func<string, TimeProvider>? clockOf = null, int seed = 0)
    {
        _clockOf = clockOf ?? (_ => TimeProvider.System);
        _jitter = new Random(seed);
    }

    /// <summary>How long a connect across a cut hangs before it fails. <value>Default 5 seconds (the transport's own default).</value></summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Frames dropped so far (all pairs).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    private long _dropped;

    /// <summary>Makes a silo known: its name, its DC and the port it listens on.</summary>
    public void Register(string silo, string dc, int port)
    {
        lock (_lock)
        {
            _byPort[port] = silo;
            _dcOf[silo] = dc;
        }
    }

    /// <summary>The silos of <paramref name="dc"/>, as registered.</summary>
    public IReadOnlyList<string> SilosOf(string dc)
    {
        lock (_lock)
        {
            return _dcOf.Where(p => string.Equals(p.Value, dc, StringComparison.OrdinalIgnoreCase)).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>Drops every frame from <paramref name="from"/> to <paramref name="to"/> (one way) until healed.</summary>
    public void Cut(string from, string to) => Change(() => _cuts.Add((from, to)));

    public void CutBothWays(string a, string b) => Change(() =>
    {
        _cuts.Add((a, b));
        _cuts.Add((b, a));
    });

    public void Heal(string from, string to) => Change(() => _cuts.Remove((from, to)));

    public void HealBothWays(string a, string b) => Change(() =>
    {
        _cuts.Remove((a, b));
        _cuts.Remove((b, a));
    });

    /// <summary>Cuts every silo of DC <paramref name="from"/> off from every silo of DC <paramref name="to"/> (one way).</summary>
    public void CutDcs(string from, string to) => ForDcPairs(from, to, Cut);

    public void HealDcs(string from, string to) => ForDcPairs(from, to, Heal);

    /// <summary>Delays frames from <paramref name="from"/> to <paramref name="to"/> by <paramref name="delay"/> plus up to <paramref name="jitter"/>; zero heals.</summary>
    public void Delay(string from, string to, TimeSpan delay, TimeSpan jitter = default) => Change(() =>
    {
        if (delay <= TimeSpan.Zero && jitter <= TimeSpan.Zero)
        {
            _delays.Remove((from, to));
        }
        else
        {
            _delays[(from, to)] = (delay, jitter);
        }
    });

    /// <summary>Holds the silo's frames (both ways) and storage calls until <see cref="Resume"/>.</summary>
    public void Pause(string silo) => Change(() => _paused.Add(silo));

    public void Resume(string silo) => Change(() => _paused.Remove(silo));

    /// <summary>The silo's storage calls fail as if the database were unreachable.</summary>
    public void CutStorage(string silo) => Change(() => _storageCut.Add(silo));

    public void HealStorage(string silo) => Change(() => _storageCut.Remove(silo));

    /// <summary>Heals every cut, delay, pause and storage cut.</summary>
    public void HealAll() => Change(() =>
    {
        _cuts.Clear();
        _delays.Clear();
        _paused.Clear();
        _storageCut.Clear();
    });

    public bool IsPaused(string silo)
    {
        lock (_lock)
        {
            return _paused.Contains(silo);
        }
    }

    public bool IsCut(string from, string to)
    {
        lock (_lock)
        {
            return _cuts.Contains((from, to));
        }
    }

    async ValueTask ITransportFaults.BeforeConnectAsync(SiloAddress from, string host, int port, CancellationToken cancellationToken)
    {
        var (source, target) = (NameOf(from.Port), NameOf(port));
        if (source is null || target is null)
        {
            return;
        }

        var clock = _clockOf(source);
        var deadline = clock.GetTimestamp() + (long)(ConnectTimeout.TotalSeconds * clock.TimestampFrequency);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (!_cuts.Contains((source, target)) && !_cuts.Contains((target, source)) && !_paused.Contains(source) && !_paused.Contains(target))
                {
                    return;
                }

                changed = _changed.Task;
            }

            var left = clock.GetElapsedTime(clock.GetTimestamp(), deadline);
            if (left <= TimeSpan.Zero)
            {
                throw new SocketException((int)SocketError.TimedOut);
            }

            await Task.WhenAny(changed, Task.Delay(left, clock, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    async ValueTask ITransportFaults.BeforeSendAsync(SiloAddress from, SiloAddress to, CancellationToken cancellationToken)
    {
        if (NameOf(from.Port) is not { } source)
        {
            return;
        }

        await WhileAsync(() => _paused.Contains(source), cancellationToken).ConfigureAwait(false);
        TimeSpan delay;
        lock (_lock)
        {
            delay = NameOf(to.Port) is { } target && _delays.TryGetValue((source, target), out var d)
                ? d.Fixed + d.Jitter * _jitter.NextDouble()
                : TimeSpan.Zero;
        }

        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _clockOf(source), cancellationToken).ConfigureAwait(false);
        }
    }

    bool ITransportFaults.Drops(SiloAddress from, SiloAddress to)
    {
        lock (_lock)
        {
            var dropped = _byPort.TryGetValue(from.Port, out var source) && _byPort.TryGetValue(to.Port, out var target) && _cuts.Contains((source, target));
            if (dropped)
            {
                _dropped++;
            }

            return dropped;
        }
    }

    ValueTask ITransportFaults.BeforeReceiveAsync(SiloAddress from, SiloAddress to, CancellationToken cancellationToken) =>
        NameOf(to.Port) is { } target ? WhileAsync(() => _paused.Contains(target), cancellationToken) : ValueTask.CompletedTask;

    /// <summary>What a silo's storage call meets: held while it is paused, then an error while it is cut from storage.</summary>
    public async ValueTask BeforeStorageAsync(string silo, CancellationToken cancellationToken)
    {
        await WhileAsync(() => _paused.Contains(silo), cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            if (_storageCut.Contains(silo))
            {
                throw new StorageUnreachableException($"{silo} cannot reach the store (injected storage cut).");
            }
        }
    }

    private async ValueTask WhileAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (!condition())
                {
                    return;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private string? NameOf(int port)
    {
        lock (_lock)
        {
            return _byPort.GetValueOrDefault(port);
        }
    }

    private void ForDcPairs(string from, string to, Action<string, string> act)
    {
        foreach (var a in SilosOf(from))
        {
            foreach (var b in SilosOf(to))
            {
                act(a, b);
            }
        }
    }

    private void Change(Action change)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            change();
            changed = _changed;
            _changed = NewSignal();
        }

        changed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>A storage call that failed because the store is unreachable (an injected fault).</summary>
public sealed class StorageUnreachableException(string message) : IOException(message);
