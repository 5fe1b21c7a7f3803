namespace Turtle.Failover.Tests.Simulation;

public enum FaultKind
{
    /// <summary>Both directions of one DC-to-DC link cut.</summary>
    LinkCut,

    /// <summary>One direction of one DC-to-DC link cut (a TCP probe then fails both ways).</summary>
    OneWayCut,

    /// <summary>Every link of a DC to the other DCs cut, and sometimes its path to the store too.</summary>
    DcIsolation,

    /// <summary>Every silo of a DC killed, restarted fresh when the fault ends.</summary>
    DcKill,

    SiloKill,

    /// <summary>A silo stopped (SIGSTOP): does nothing, its clock runs on, what it had checked lands after.</summary>
    Pause,

    /// <summary>A DC cut from the store.</summary>
    StoreCut,

    /// <summary>A silo's clock runs up to 1 % fast or slow from then on.</summary>
    ClockSkew,
}

/// <summary>One fault of a schedule: what, where (<see cref="A"/>, and <see cref="B"/> for a link), from when and for how long.</summary>
public sealed record Fault(FaultKind Kind, TimeSpan At, TimeSpan Duration, string A, string? B = null, bool WithStore = false, double Rate = 1.0)
{
    public TimeSpan Until => At + Duration;

    public override string ToString() => Kind switch
    {
        FaultKind.LinkCut => $"{At.TotalSeconds:0.0}s cut {A}<->{B} for {Duration.TotalSeconds:0.0}s",
        FaultKind.OneWayCut => $"{At.TotalSeconds:0.0}s cut {A}->{B} for {Duration.TotalSeconds:0.0}s",
        FaultKind.DcIsolation => $"{At.TotalSeconds:0.0}s isolate {A}{(WithStore ? " and its store path" : "")} for {Duration.TotalSeconds:0.0}s",
        FaultKind.ClockSkew => $"{At.TotalSeconds:0.0}s {A} clock rate {Rate:0.000}",
        _ => $"{At.TotalSeconds:0.0}s {Kind} {A} for {Duration.TotalSeconds:0.0}s",
    };

    public void Apply(SimWorld world)
    {
        switch (Kind)
        {
            case FaultKind.LinkCut:
                world.Network.Cut(A, B!);
                world.Network.Cut(B!, A);
                break;
            case FaultKind.OneWayCut:
                world.Network.Cut(A, B!);
                break;
            case FaultKind.DcIsolation:
                foreach (var other in world.Options.VotingDcs.Where(dc => dc != A))
                {
                    world.Network.Cut(A, other);
                    world.Network.Cut(other, A);
                }

                if (WithStore)
                {
                    world.Network.CutStore(A);
                }

                break;
            case FaultKind.DcKill:
                world.Silos.Where(s => s.Dc == A).ToList().ForEach(s => s.Kill());
                break;
            case FaultKind.SiloKill:
                world.Silo(A).Kill();
                break;
            case FaultKind.Pause:
                world.Silo(A).Pause();
                break;
            case FaultKind.StoreCut:
                world.Network.CutStore(A);
                break;
            case FaultKind.ClockSkew:
                world.Silo(A).Clock.Rate = Rate;
                break;
        }
    }

    public void Revert(SimWorld world)
    {
        switch (Kind)
        {
            case FaultKind.LinkCut:
                world.Network.Heal(A, B!);
                world.Network.Heal(B!, A);
                break;
            case FaultKind.OneWayCut:
                world.Network.Heal(A, B!);
                break;
            case FaultKind.DcIsolation:
                foreach (var other in world.Options.VotingDcs.Where(dc => dc != A))
                {
                    world.Network.Heal(A, other);
                    world.Network.Heal(other, A);
                }

                if (WithStore)
                {
                    world.Network.HealStore(A);
                }

                break;
            case FaultKind.DcKill:
                world.Silos.Where(s => s.Dc == A).ToList().ForEach(s => s.Revive());
                break;
            case FaultKind.SiloKill:
                world.Silo(A).Revive();
                break;
            case FaultKind.Pause:
                world.Silo(A).Resume();
                break;
            case FaultKind.StoreCut:
                world.Network.HealStore(A);
                break;
            case FaultKind.ClockSkew:
                break;
        }
    }
}
