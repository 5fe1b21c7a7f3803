using System.Collections.Concurrent;
using Turtle.Actors.Messaging;
using Turtle.Actors.Runtime.Membership;

namespace Turtle.Actors.Runtime.Tests.Membership;

/// <summary>How a probe to a silo ends.</summary>
public enum Reachability
{
    /// <summary>It answers at once.</summary>
    Answers,

    /// <summary>The connection is refused at once: the process is gone but the host is up (kill -9 on a live machine).</summary>
    Refused,

    /// <summary>Nothing comes back: the host or the link is down, so only the probe timeout ends the probe.</summary>
    Silent,
}

/// <summary>
/// The test's stand-in for the transport: decides how each probe ends, per target or per (prober, target) link, so
/// tests kill silos and cut links asymmetrically. Probes complete synchronously (or never), so moving the manual clock
/// runs the whole protocol before <c>Advance</c> returns.
/// </summary>
public sealed class FakeNetwork
{
    private readonly ConcurrentDictionary<SiloAddress, Reachability> _silos = new();
    private readonly ConcurrentDictionary<(SiloAddress From, SiloAddress To), Reachability> _links = new();
    private readonly ConcurrentDictionary<(SiloAddress From, SiloAddress To), int> _probes = new();

    public void Set(SiloAddress silo, Reachability reachability) => _silos[silo] = reachability;

    public void Cut(SiloAddress from, SiloAddress to, Reachability reachability = Reachability.Silent) => _links[(from, to)] = reachability;

    public void Heal(SiloAddress from, SiloAddress to) => _links.TryRemove((from, to), out _);

    /// <summary>Forgets the probes counted so far (those a joining silo sends before it turns Active, say).</summary>
    public void ForgetProbes() => _probes.Clear();

    public int ProbesSent(SiloAddress from, SiloAddress to) => _probes.GetValueOrDefault((from, to));

    public int ProbesSentBy(SiloAddress from) => _probes.Where(p => p.Key.From == from).Sum(p => p.Value);

    public IReadOnlyList<SiloAddress> ProbedBy(SiloAddress from) => _probes.Keys.Where(k => k.From == from).Select(k => k.To).ToList();

    public ISiloProber ProberFor(Func<SiloAddress> local) => new Prober(this, local);

    private sealed class Prober(FakeNetwork network, Func<SiloAddress> local) : ISiloProber
    {
        public Task<bool> ProbeAsync(SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var from = local();
            network._probes.AddOrUpdate((from, target), 1, (_, n) => n + 1);
            var reachability = network._links.TryGetValue((from, target), out var link)
                ? link
                : network._silos.GetValueOrDefault(target, Reachability.Answers);
            return reachability switch
            {
                Reachability.Answers => Task.FromResult(true),
                Reachability.Refused => Task.FromResult(false),
                // Like a real probe over a dead link: it ends only when the caller gives up.
                _ => Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => false, TaskScheduler.Default),
            };
        }
    }
}

/// <summary>Records terminations instead of killing the test process.</summary>
public sealed class RecordingTerminator : ISiloTerminator
{
    private readonly ConcurrentQueue<(SiloAddress Silo, string Reason)> _calls = new();

    public IReadOnlyList<(SiloAddress Silo, string Reason)> Calls => _calls.ToArray();

    public void Terminate(SiloAddress silo, string reason) => _calls.Enqueue((silo, reason));
}
