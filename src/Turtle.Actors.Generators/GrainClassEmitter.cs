using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Turtle.Actors.Generators;

/// <summary>
/// Emits the registration of one grain class: its grain type name, interfaces, reentrancy and a factory that
/// calls its constructor directly, resolving services and <c>[PersistentState]</c> parameters without reflection.
/// </summary>
internal static class GrainClassEmitter
{
    public static GeneratedUnit Emit(INamedTypeSymbol grainClass)
    {
        if (grainClass.IsGenericType)
        {
            return Failed(DiagnosticInfo.Create(Diagnostics.GenericGrainClass, grainClass, grainClass.ToDisplayString()));
        }

        var constructor = ChooseConstructor(grainClass);
        if (constructor is null)
        {
            return Failed(DiagnosticInfo.Create(Diagnostics.NoConstructor, grainClass, grainClass.ToDisplayString()));
        }

        var interfaces = grainClass.AllInterfaces.Where(i => i.IsGrainInterface()).Select(i => $"typeof({i.Display()})");
        var reentrant = Ancestors(grainClass).Any(c => c.HasAttribute("ReentrantAttribute"));
        var arguments = string.Join(", ", constructor.Parameters.Select(ArgumentFor));
        var registration =
            $"registry.AddGrainClass(new global::Turtle.Actors.Invocation.GrainClassDescriptor(typeof({grainClass.Display()}), " +
            $"{Symbols.Literal(GrainTypeName(grainClass))}, new global::System.Type[] {{ {string.Join(", ", interfaces)} }}, " +
            $"{(reentrant ? "true" : "false")}, static (sp, context) => new {grainClass.Display()}({arguments})));";
        return new GeneratedUnit(null, null, registration, default);
    }

    /// <summary>The <c>[GrainType]</c> name, else the class name without a "Grain" suffix, in lower case.</summary>
    private static string GrainTypeName(INamedTypeSymbol grainClass)
    {
        if (grainClass.GetAttribute("GrainTypeAttribute")?.ConstructorArguments.FirstOrDefault().Value is string explicitName)
        {
            return explicitName;
        }

        var name = grainClass.Name;
        if (name.Length > "Grain".Length && name.EndsWith("Grain", System.StringComparison.Ordinal))
        {
            name = name.Substring(0, name.Length - "Grain".Length);
        }

        return name.ToLowerInvariant();
    }

    private static IMethodSymbol? ChooseConstructor(INamedTypeSymbol grainClass)
    {
        var candidates = grainClass.InstanceConstructors
            .Where(c => c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal)
            .ToList();
        return candidates.FirstOrDefault(c => c.GetAttributes().Any(a => a.AttributeClass?.Name == "ActivatorUtilitiesConstructorAttribute"))
               ?? candidates.OrderByDescending(c => c.Parameters.Length).FirstOrDefault();
    }

    private static string ArgumentFor(IParameterSymbol parameter)
    {
        var type = parameter.Type.Display();
        if (parameter.GetAttribute("PersistentStateAttribute") is { } state &&
            parameter.Type is INamedTypeSymbol { Arity: 1 } stateType)
        {
            var stateName = state.ConstructorArguments.ElementAtOrDefault(0).Value as string ?? parameter.Name;
            var storageName = state.ConstructorArguments.ElementAtOrDefault(1).Value as string;
            return $"context.GetPersistentState<{stateType.TypeArguments[0].Display()}>({Symbols.Literal(stateName)}, {(storageName is null ? "null" : Symbols.Literal(storageName))})";
        }

        if (parameter.Type.IsActorsType("IGrainContext")) return "context";
        if (parameter.Type.IsActorsType("IGrainFactory")) return "context.GrainFactory";
        if (parameter.Type.ToDisplayString() == "System.IServiceProvider") return "sp";

        const string Extensions = "global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions";
        if (parameter.GetAttributes().FirstOrDefault(a => a.AttributeClass?.Name == "FromKeyedServicesAttribute") is { } keyed)
        {
            var key = keyed.ConstructorArguments.FirstOrDefault().ToCSharpString();
            return $"global::Microsoft.Extensions.DependencyInjection.ServiceProviderKeyedServiceExtensions.GetRequiredKeyedService<{type}>(sp, {key})";
        }

        if (!parameter.HasExplicitDefaultValue)
        {
            return $"{Extensions}.GetRequiredService<{type}>(sp)";
        }

        // Optional: the service if registered, else the parameter's declared default.
        var serviceType = parameter.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
            ? nullable.TypeArguments[0]
            : parameter.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        return $"(sp.GetService(typeof({serviceType.Display()})) is {serviceType.Display()} __{parameter.Name} ? __{parameter.Name} : {DefaultValue(parameter)})";
    }

    private static string DefaultValue(IParameterSymbol parameter)
    {
        var type = parameter.Type.Display();
        if (parameter.ExplicitDefaultValue is not { } value)
        {
            return $"default({type})";
        }

        var literal = SymbolDisplay.FormatPrimitive(value, quoteStrings: true, useHexadecimalNumbers: false);
        return $"({type})({literal})";
    }

    private static IEnumerable<INamedTypeSymbol> Ancestors(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            yield return current;
        }
    }

    private static GeneratedUnit Failed(DiagnosticInfo diagnostic) =>
        new(null, null, null, new EquatableArray<DiagnosticInfo>(ImmutableArray.Create(diagnostic)));
}
