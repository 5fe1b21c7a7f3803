using Microsoft.Extensions.Logging;
using Turtle.Actors.Messaging;

namespace Turtle.Actors.Runtime.Membership;

/// <summary>
/// What a silo does when it learns the cluster declared it dead (its own row reads Dead, or is gone). The cluster has
/// already given its grains to other silos, so it must stop serving at once. Tests and the in-process test cluster
/// inject their own; production uses <see cref="ProcessSiloTerminator"/>.
/// </summary>
public interface ISiloTerminator
{
    void Terminate(SiloAddress silo, string reason);
}

/// <summary>Logs critical and kills the process, as Orleans does when it reads itself dead.</summary>
public sealed class ProcessSiloTerminator(ILogger<ProcessSiloTerminator> logger) : ISiloTerminator
{
    public void Terminate(SiloAddress silo, string reason)
    {
        logger.LogCritical("Silo {Silo} was declared dead by the cluster and terminates: {Reason}", silo, reason);
        // FailFast rather than a graceful host stop: a graceful stop would run grain deactivations and state writes on a
        // silo whose grains already live elsewhere. The message reaches stderr even if the log above was still queued;
        // the supervisor (systemd, Kubernetes) restarts the process, which joins with a new generation.
        Environment.FailFast($"Turtle.Actors silo {silo} was declared dead by the cluster: {reason}");
    }
}
