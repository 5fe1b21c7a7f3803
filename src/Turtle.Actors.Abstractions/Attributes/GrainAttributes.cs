namespace Turtle.Actors;

/// <summary>Every message to this grain may interleave with every other at await points (turns stay single-threaded).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ReentrantAttribute : Attribute
{
}

/// <summary>This method does not change state: it may interleave with other <c>[ReadOnly]</c> calls.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadOnlyAttribute : Attribute
{
}

/// <summary>This method may interleave with any other call (for example a cancellation or a status probe).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute
{
}

/// <summary>The caller does not wait for a response: the returned task completes once the message is sent. Exceptions are logged, not returned.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OneWayAttribute : Attribute
{
}

/// <summary>
/// Calling this method twice has the same effect as calling it once, so when the silo running it dies before
/// answering, the runtime runs it again on the grain's new activation instead of failing the call.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class IdempotentAttribute : Attribute
{
}

/// <summary>Overrides the default response timeout (30 s) for calls to this method.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ResponseTimeoutAttribute(string timeout) : Attribute
{
    /// <summary>A <see cref="TimeSpan"/> in invariant "c" format, for example <c>00:00:05</c>.</summary>
    public string Timeout { get; } = timeout;
}

/// <summary>Names the grain type (the first part of a <see cref="GrainId"/>). Default: the class name without a "Grain" suffix, lower case.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainTypeAttribute(string grainType) : Attribute
{
    public string GrainType { get; } = grainType;
}

/// <summary>Binds a constructor parameter of type <see cref="IPersistentState{TState}"/> to a named state in a storage provider.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    public string StateName { get; } = stateName;

    /// <summary>The storage provider's name; null selects the default provider.</summary>
    public string? StorageName { get; } = storageName;
}
