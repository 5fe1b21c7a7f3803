using System.Collections.Concurrent;
using Turtle.Actors.TestGrains;
using Turtle.Failover.Tests.Simulation;

namespace Turtle.Failover.Tests.Cluster;

/// <summary>
/// Writers that keep writing to a few twins of dc1 and dc2 (a persisted tally per twin, written through the write
/// gate), one call in flight per twin, each entering the cluster at a random live silo as a collector's request
/// would; a write is acknowledged when its call returns, and then it must never be lost.
/// </summary>
public sealed class ClusterWriters(ClusterWorld world, Random rng)
{
    public static readonly string[] Grains = ["dc1/t0", "dc1/t1", "dc2/t0", "dc2/t1"];

    /// <summary>A call not answered in this much true time is given up (it may still land; only acknowledgements count).</summary>
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, (long Id, TimeSpan Since)> _inFlight = [];
    private readonly ConcurrentQueue<(string Grain, long Id, Exception? Error)> _answers = new();
    private readonly Dictionary<string, HashSet<string>> _acked = Grains.ToDictionary(g => g, _ => new HashSet<string>());
    private long _nextId;

    public SimStats Stats { get; } = new();

    public IReadOnlyDictionary<string, HashSet<string>> Acked => _acked;

    public void Step()
    {
        while (_answers.TryDequeue(out var answer))
        {
            if (_inFlight.TryGetValue(answer.Grain, out var flying) && flying.Id == answer.Id)
            {
                _inFlight.Remove(answer.Grain);
            }

            if (answer.Error is null)
            {
                _acked[answer.Grain].Add(Entry(answer.Id));
                Stats.Acked++;
            }
            else
            {
                Stats.Refuse($"{answer.Error.GetType().Name}: {Short(answer.Error.Message)}");
            }
        }

        var entries = world.Slots.Where(s => s.IsUp && !world.Faults.IsPaused(s.Name)).ToList();
        foreach (var grain in Grains)
        {
            if (_inFlight.TryGetValue(grain, out var flying) && world.Now - flying.Since < GiveUpAfter)
            {
                continue;
            }

            if (entries.Count == 0)
            {
                return;
            }

            var id = ++_nextId;
            _inFlight[grain] = (id, world.Now);
            Stats.Sent++;
            var entry = entries[rng.Next(entries.Count)];
            _ = SendAsync(entry, grain, id);
        }
    }

    public static string Entry(long id) => $"w{id}";

    private async Task SendAsync(SiloSlot entry, string grain, long id)
    {
        try
        {
            await entry.Silo!.GrainFactory.GetGrain<ITallyGrain>(grain).Add(Entry(id), 1);
            _answers.Enqueue((grain, id, null));
        }
        catch (Exception exception)
        {
            _answers.Enqueue((grain, id, exception));
        }
    }

    // Reasons are counted by kind: the first clause, without the grain, silo and epoch named in it.
    private static string Short(string message)
    {
        var cut = message.IndexOfAny(['.', ':', '(']);
        return cut > 0 ? message[..cut] : message;
    }
}
