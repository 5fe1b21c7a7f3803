using System.Runtime.ExceptionServices;

namespace Turtle.Actors.Serialization;

/// <summary>
/// Carries an exception across the wire as its type name, message and stack trace, and rebuilds the same type
/// at the caller when it has a (string message) or (string message, Exception inner) constructor, so <c>catch (MyException)</c> works across silos.
/// Otherwise the caller gets <see cref="RemoteGrainException"/> naming the original type.
/// </summary>
public static class ExceptionCodec
{
    public static void Write(MessageWriter writer, Exception exception)
    {
        writer.WriteString(exception.GetType().AssemblyQualifiedName);
        writer.WriteString(exception.GetType().FullName);
        writer.WriteString(exception.Message);
        writer.WriteString(exception.StackTrace);
    }

    public static Exception Read(MessageReader reader)
    {
        var assemblyQualifiedName = reader.ReadString();
        var typeName = reader.ReadString() ?? "Exception";
        var message = reader.ReadString() ?? string.Empty;
        var stackTrace = reader.ReadString();
        var exception = Rebuild(assemblyQualifiedName, message) ?? new RemoteGrainException(typeName, message);
        return stackTrace is null ? exception : ExceptionDispatchInfo.SetRemoteStackTrace(exception, stackTrace);
    }

    private static Exception? Rebuild(string? assemblyQualifiedName, string message)
    {
        // Reflection only on the failure path, and only for exception types.
        var type = assemblyQualifiedName is null ? null : Type.GetType(assemblyQualifiedName, throwOnError: false);
        if (type is null || !typeof(Exception).IsAssignableFrom(type))
        {
            return null;
        }

        try
        {
            // (string message), or (string message, Exception? inner) as many exception types declare it.
            if (type.GetConstructor([typeof(string)]) is { } withMessage)
            {
                return (Exception)withMessage.Invoke([message]);
            }

            return type.GetConstructor([typeof(string), typeof(Exception)]) is { } withInner
                ? (Exception)withInner.Invoke([message, null])
                : null;
        }
        catch (System.Reflection.TargetInvocationException)
        {
            return null;
        }
    }
}

/// <summary>A grain on another silo threw an exception whose type cannot be rebuilt here.</summary>
public sealed class RemoteGrainException(string originalType, string message)
    : Exception($"{originalType}: {message}")
{
    public string OriginalType { get; } = originalType;
}
