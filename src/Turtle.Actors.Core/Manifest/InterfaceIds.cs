using System.Collections.Concurrent;
using System.Text;

namespace Turtle.Actors.Manifest;

/// <summary>
/// A stable 32-bit id per grain interface, so a message names its interface in four bytes. Derived from the
/// interface's namespace-qualified name (with generic arguments, without assembly versions), identically in
/// every process; collisions are refused at registration.
/// </summary>
public static class InterfaceIds
{
    private static readonly ConcurrentDictionary<Type, int> Cache = new();

    public static int Get(Type grainInterface) => Cache.GetOrAdd(grainInterface, static t => Hash(CanonicalName(t)));

    internal static string CanonicalName(Type type)
    {
        if (!type.IsGenericType)
        {
            return type.FullName ?? type.Name;
        }

        var definition = type.GetGenericTypeDefinition().FullName ?? type.Name;
        var builder = new StringBuilder(definition).Append('[');
        builder.AppendJoin(',', type.GenericTypeArguments.Select(CanonicalName));
        return builder.Append(']').ToString();
    }

    private static int Hash(string name)
    {
        // FNV-1a: stable across processes and runtimes, unlike string.GetHashCode.
        var hash = 2166136261u;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)hash;
    }
}
