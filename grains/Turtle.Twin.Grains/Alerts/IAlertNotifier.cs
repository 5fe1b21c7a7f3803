namespace Turtle.Twin.Alerts;

/// <summary>
/// Where host twins hand alert transitions (an alert turning Firing or Resolved) once their state holding it is
/// stored. Must not block or throw: a twin's turn does not wait for anyone to be told (the silo's webhook notifier
/// queues them). The twin domain knows nothing of how they are delivered.
/// </summary>
public interface IAlertNotifier
{
    void Notify(HostAlert transition);
}

/// <summary>Tells no one (no notifier configured).</summary>
public sealed class NoAlertNotifier : IAlertNotifier
{
    public static readonly NoAlertNotifier Instance = new();

    public void Notify(HostAlert transition)
    {
    }
}
