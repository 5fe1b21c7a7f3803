using Microsoft.CodeAnalysis;

namespace Turtle.Actors.Generators;

/// <summary>What the generator reports when it meets a grain interface or class it cannot support.</summary>
internal static class Diagnostics
{
    private const string Category = "Turtle.Actors";

    public static readonly DiagnosticDescriptor UnsupportedReturnType = new(
        "TA0001", "Unsupported grain method return type",
        "Grain method '{0}' returns '{1}'; grain methods must return Task, Task<T>, ValueTask or ValueTask<T> (observer methods may also return void)",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedParameter = new(
        "TA0002", "Unsupported grain method parameter",
        "Parameter '{0}' of grain method '{1}' is passed by reference ({2}); grain calls copy their arguments, so ref, out and in parameters are not supported",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedMember = new(
        "TA0003", "Grain interfaces may only declare methods",
        "Grain interface '{0}' declares {1} '{2}'; grain interfaces may only declare methods, because every member is a message",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor OneWayWithResult = new(
        "TA0004", "One-way method returns a value",
        "Grain method '{0}' is [OneWay] but returns '{1}'; a one-way call has no response, so it must return Task, ValueTask or void",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor GenericGrainClass = new(
        "TA0005", "Generic grain classes are not supported",
        "Grain class '{0}' is generic; Turtle.Actors activates only non-generic grain classes (generic grain interfaces and methods are supported)",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InaccessibleInterface = new(
        "TA0006", "Grain interface is not accessible",
        "Grain interface '{0}' must be public or internal (and not nested in a generic or private type) so a proxy can be generated for it",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidResponseTimeout = new(
        "TA0007", "Invalid response timeout",
        "[ResponseTimeout(\"{0}\")] on '{1}' is not a positive TimeSpan such as \"00:00:05\"",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NoConstructor = new(
        "TA0008", "Grain class has no usable constructor",
        "Grain class '{0}' has no public or internal constructor the runtime can call",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
