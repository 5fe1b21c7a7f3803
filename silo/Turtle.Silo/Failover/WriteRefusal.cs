using Turtle.Twin.Failover;

namespace Turtle.Silo.Failover;

/// <summary>
/// The HTTP answer to a write this silo may not take, before anything is read or stored: 409 at a read-only observer
/// or a failed-over DC (go elsewhere now), 503 when the silo has lost its majority (this may pass; elsewhere may work
/// at once). Both list the silos that take writes, so a collector or an operator knows where to go.
/// </summary>
public sealed class WriteRefusal(SiloAuthority authority, FailoverClock clock, ActiveGateways gateways)
{
    public IResult? Check()
    {
        if (authority.CanWrite(clock.Now, out var reason))
        {
            return null;
        }

        var readOnly = authority.IsObserver || !authority.Status.MayHost(authority.Dc, authority.IsObserver);
        return TypedResults.Problem(
            detail: $"This silo does not take writes: {reason}. Send them to an active gateway: {gateways.Describe()}.",
            statusCode: readOnly ? StatusCodes.Status409Conflict : StatusCodes.Status503ServiceUnavailable,
            title: authority.IsObserver ? "Read-only observer" : readOnly ? "DC failed over" : "No majority of DCs",
            extensions: new Dictionary<string, object?> { ["activeGateways"] = gateways.List(), ["epoch"] = authority.Epoch });
    }
}
