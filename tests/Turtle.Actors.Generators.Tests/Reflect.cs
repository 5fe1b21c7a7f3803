using System.Reflection;

namespace Turtle.Actors.Generators.Tests;

/// <summary>Reaches into the loaded in-memory assembly, whose types the tests cannot name at compile time.</summary>
internal static class Reflect
{
    /// <summary>Calls <paramref name="interfaceType"/>.<paramref name="name"/>, picking the overload by the arguments' types.</summary>
    public static object? Call(object instance, Type interfaceType, string name, params object?[] args)
    {
        var types = args.Select(a => a?.GetType() ?? typeof(object)).ToArray();
        var method = interfaceType.GetMethod(name, types) ?? throw new MissingMethodException(interfaceType.FullName, name);
        return Unwrap(() => method.Invoke(instance, args));
    }

    /// <summary>Calls the generic method <paramref name="name"/> closed over <paramref name="typeArguments"/>.</summary>
    public static object? CallGeneric(object instance, Type interfaceType, string name, Type[] typeArguments, params object?[] args)
    {
        var method = interfaceType.GetMethods().Single(m => m.Name == name && m.GetGenericArguments().Length == typeArguments.Length);
        return Unwrap(() => method.MakeGenericMethod(typeArguments).Invoke(instance, args));
    }

    public static object? Get(object instance, string property) =>
        instance.GetType().GetProperty(property)!.GetValue(instance);

    /// <summary>Awaits what a grain method returned (Task, Task&lt;T&gt;, ValueTask or ValueTask&lt;T&gt;) and returns its result, if any.</summary>
    public static async Task<object?> ResultOf(object? returned)
    {
        var task = returned switch
        {
            Task t => t,
            ValueTask v => v.AsTask(),
            not null when returned.GetType().IsGenericType && returned.GetType().GetGenericTypeDefinition() == typeof(ValueTask<>) =>
                (Task)returned.GetType().GetMethod(nameof(ValueTask<int>.AsTask))!.Invoke(returned, null)!,
            _ => throw new ArgumentException($"Not awaitable: {returned}"),
        };
        await task;
        return task.GetType().IsGenericType ? task.GetType().GetProperty(nameof(Task<int>.Result))!.GetValue(task) : null;
    }

    private static object? Unwrap(Func<object?> call)
    {
        try
        {
            return call();
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            throw exception.InnerException;
        }
    }
}
