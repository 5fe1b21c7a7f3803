namespace Turtle.Actors.Runtime;

/// <summary>Where a silo is in its life. Only <see cref="Active"/> accepts new activations.</summary>
public enum SiloStatus
{
    Created,
    Starting,
    Active,
    ShuttingDown,
    Stopped,
}
