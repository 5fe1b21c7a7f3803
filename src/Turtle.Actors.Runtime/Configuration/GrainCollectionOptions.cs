namespace Turtle.Actors.Configuration;

/// <summary>Activation lifetime settings, bound from <c>Turtle:Grains</c> (for example <c>Turtle__Grains__CollectionAge=00:05:00</c>).</summary>
public sealed class GrainCollectionOptions
{
    public const string SectionName = "Turtle:Grains";

    public static readonly TimeSpan DefaultCollectionAge = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan DefaultCollectionQuantum = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan DefaultActivationTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultDeactivationTimeout = TimeSpan.FromSeconds(30);

    /// <summary>An activation idle this long is deactivated. <value>Default 15 minutes.</value></summary>
    public TimeSpan CollectionAge { get; set; } = DefaultCollectionAge;

    /// <summary>How often idle activations are looked for; collection happens within age + quantum. <value>Default 1 minute.</value></summary>
    public TimeSpan CollectionQuantum { get; set; } = DefaultCollectionQuantum;

    /// <summary>Cancellation given to state reads and <c>OnActivateAsync</c>. <value>Default 30 seconds.</value></summary>
    public TimeSpan ActivationTimeout { get; set; } = DefaultActivationTimeout;

    /// <summary>Cancellation given to <c>OnDeactivateAsync</c>. <value>Default 30 seconds.</value></summary>
    public TimeSpan DeactivationTimeout { get; set; } = DefaultDeactivationTimeout;
}
