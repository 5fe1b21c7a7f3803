namespace Turtle.Actors;

/// <summary>
/// The identity of a grain in the cluster: its grain type (derived from the grain class) and its key.
/// Two references with equal ids address the same virtual actor.
/// </summary>
public readonly struct GrainId : IEquatable<GrainId>
{
    private readonly int _hash;

    public GrainId(string type, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(key);
        Type = type;
        Key = key;
        // Computed once: ids are hashed on every directory and catalog lookup.
        _hash = HashCode.Combine(StringComparer.Ordinal.GetHashCode(type), StringComparer.Ordinal.GetHashCode(key));
    }

    /// <summary>The grain type name, for example <c>host</c>.</summary>
    public string Type { get; }

    /// <summary>The key as text; Guid keys use the "N" format, integer keys invariant decimal.</summary>
    public string Key { get; }

    public bool IsDefault => Type is null;

    public bool Equals(GrainId other) =>
        _hash == other._hash && string.Equals(Type, other.Type, StringComparison.Ordinal) && string.Equals(Key, other.Key, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is GrainId other && Equals(other);

    public override int GetHashCode() => _hash;

    public static bool operator ==(GrainId left, GrainId right) => left.Equals(right);

    public static bool operator !=(GrainId left, GrainId right) => !left.Equals(right);

    public override string ToString() => $"{Type}/{Key}";
}
