namespace Turtle.Failover.Tests.Simulation;

/// <summary>
/// Clients writing to 6 grains (3 homed in dc1, 3 in dc2) through any gateway that answers. The gateway looks the
/// grain up in the directory, forwards to its activation or to a live silo where it is placed; a write is
/// acknowledged only once the store has accepted it.
/// </summary>
public sealed class SimClients(SimWorld world)
{
    public static readonly string[] Grains = ["dc1/g0", "dc1/g1", "dc1/g2", "dc2/g0", "dc2/g1", "dc2/g2"];

    private long _nextWrite;

    public static string Home(string grain) => grain[..3];

    public void Step()
    {
        if (world.Rng.NextDouble() < 0.7)
        {
            var grain = Grains[world.Rng.Next(Grains.Length)];
            var refused = Send(grain, ++_nextWrite);
            world.Stats.Sent++;
            if (refused is not null)
            {
                world.Stats.Refuse(refused);
            }
        }
    }

    private string? Send(string grain, long writeId)
    {
        var gateways = world.Silos.Where(s => s.Answers).ToList();
        if (gateways.Count == 0)
        {
            return "no gateway answers";
        }

        var gateway = gateways[world.Rng.Next(gateways.Count)];
        if (!world.Network.ReachesStore(gateway.Dc))
        {
            return "gateway cannot reach the directory";
        }

        var hosts = world.HostDcs(grain, gateway.Authority.Status);
        if (hosts.Count == 0)
        {
            return "no DC may host it now";
        }

        var entry = world.Store.Owner(grain);
        var target = entry is not null && !world.OwnerGone(entry) && hosts.Contains(world.Silo(entry.Silo).Dc)
            ? world.Silo(entry.Silo)
            : world.Silos.Where(s => hosts.Contains(s.Dc) && world.LooksAlive(s.Name))
                .OrderBy(s => StableHash(s.Name + grain)).ThenBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault();
        if (target is null)
        {
            return "no live silo where it is placed";
        }

        if (!world.Network.Connected(gateway.Dc, target.Dc))
        {
            return "gateway cannot reach the host";
        }

        return target.Answers ? target.Write(world, grain, writeId) : "host does not answer";
    }

    // string.GetHashCode is randomized per process: a seed must replay the same everywhere.
    private static int StableHash(string text) => text.Aggregate(17, (hash, c) => unchecked(hash * 31 + c)) & 0x7fffffff;
}
