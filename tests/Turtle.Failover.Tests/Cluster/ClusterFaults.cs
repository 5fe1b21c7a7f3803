using Turtle.Failover.Tests.Simulation;

namespace Turtle.Failover.Tests.Cluster;

/// <summary>A schedule's fault (the model simulation's vocabulary) done to the real cluster, and undone.</summary>
public static class ClusterFaults
{
    private static readonly string[] Dcs = ["dc1", "dc2", "dc3"];

    public static async Task ApplyAsync(Fault fault, ClusterWorld world)
    {
        var faults = world.Faults;
        switch (fault.Kind)
        {
            case FaultKind.LinkCut:
                faults.CutDcs(fault.A, fault.B!);
                faults.CutDcs(fault.B!, fault.A);
                break;
            case FaultKind.OneWayCut:
                faults.CutDcs(fault.A, fault.B!);
                break;
            case FaultKind.DcIsolation:
                foreach (var other in Dcs.Where(dc => dc != fault.A))
                {
                    faults.CutDcs(fault.A, other);
                    faults.CutDcs(other, fault.A);
                }

                if (fault.WithStore)
                {
                    SilosOf(world, fault.A).ForEach(faults.CutStorage);
                }

                break;
            case FaultKind.DcKill:
                foreach (var silo in SilosOf(world, fault.A))
                {
                    await world.KillAsync(silo);
                }

                break;
            case FaultKind.SiloKill:
                await world.KillAsync(fault.A);
                break;
            case FaultKind.Pause:
                world.Pause(fault.A);
                break;
            case FaultKind.StoreCut:
                SilosOf(world, fault.A).ForEach(faults.CutStorage);
                break;
            case FaultKind.ClockSkew:
                world.Slot(fault.A).Rate = fault.Rate;
                break;
        }
    }

    public static void Revert(Fault fault, ClusterWorld world)
    {
        var faults = world.Faults;
        switch (fault.Kind)
        {
            case FaultKind.LinkCut:
                faults.HealDcs(fault.A, fault.B!);
                faults.HealDcs(fault.B!, fault.A);
                break;
            case FaultKind.OneWayCut:
                faults.HealDcs(fault.A, fault.B!);
                break;
            case FaultKind.DcIsolation:
                foreach (var other in Dcs.Where(dc => dc != fault.A))
                {
                    faults.HealDcs(fault.A, other);
                    faults.HealDcs(other, fault.A);
                }

                if (fault.WithStore)
                {
                    SilosOf(world, fault.A).ForEach(faults.HealStorage);
                }

                break;
            case FaultKind.DcKill:
                SilosOf(world, fault.A).ForEach(world.Revive);
                break;
            case FaultKind.SiloKill:
                world.Revive(fault.A);
                break;
            case FaultKind.Pause:
                world.Resume(fault.A);
                break;
            case FaultKind.StoreCut:
                SilosOf(world, fault.A).ForEach(faults.HealStorage);
                break;
            case FaultKind.ClockSkew:
                break;
        }
    }

    private static List<string> SilosOf(ClusterWorld world, string dc) => world.Slots.Where(s => s.Dc == dc).Select(s => s.Name).ToList();
}
