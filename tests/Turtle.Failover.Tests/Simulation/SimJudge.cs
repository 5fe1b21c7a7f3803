namespace Turtle.Failover.Tests.Simulation;

/// <summary>
/// The failover grain: one activation, on the lowest-named silo of an active DC that membership (the store) thinks
/// alive and that reaches the store. When that silo changes, the grain moves and the new activation starts with a
/// fresh <see cref="DcHealthJudge"/> and <see cref="FailoverPolicy"/>, on its new silo's clock. Each second it reads
/// every report, judges and writes the status with compare-and-swap; the write lands on the silo's next running tick,
/// so a pause in between makes it land late (and usually lose the swap).
/// </summary>
public sealed class SimJudge(FailoverOptions options)
{
    private DcHealthJudge? _judge;
    private FailoverPolicy? _policy;
    private TimeSpan _nextRun;

    public SimSilo? Host { get; private set; }

    private int _hostIncarnation;

    public int Moves { get; private set; }

    public void Step(SimWorld world)
    {
        var host = world.Silos
            .Where(s => options.EffectiveActiveDcs.Contains(s.Dc) && world.Network.ReachesStore(s.Dc) && world.LooksAlive(s.Name))
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        if (host is null)
        {
            return;
        }

        if (host != Host || host.Incarnation != _hostIncarnation)
        {
            (Host, _hostIncarnation) = (host, host.Incarnation);
            _judge = new DcHealthJudge(options);
            _policy = new FailoverPolicy(options);
            _nextRun = host.Clock.Now;
            Moves++;
            world.Log($"failover grain activated on {host.Name}#{host.Incarnation}");
        }

        if (!host.Answers || host.Clock.Now < _nextRun)
        {
            return;
        }

        _nextRun = host.Clock.Now + options.ReportInterval;
        var now = host.Clock.Now;
        var judge = _judge!;
        judge.Observe(world.Store.Reports.ToList(), now);
        var health = judge.Judge(now, world.Clock.Wall);
        var (status, version) = (world.Store.Status, world.Store.StatusVersion);
        var transition = _policy!.Step(status, health, dc => judge.LeaseExpired(dc, now), now, world.Clock.Wall);
        host.Defer(() =>
        {
            if (!world.Network.ReachesStore(host.Dc))
            {
                return;
            }

            if (!world.Store.TryWriteStatus(transition.Status, version))
            {
                world.Stats.Count("status write lost the swap");
                world.Log($"{host.Name}: status write lost the swap ({transition.Decisions.Count} decisions dropped)");
                return;
            }

            foreach (var decision in transition.Decisions)
            {
                world.Log($"{host.Name} epoch {decision.Epoch} {decision.From}->{decision.To}: {decision.Decision} [{decision.Evidence}]");
            }
        });
    }
}
