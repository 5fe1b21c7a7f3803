using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace Turtle.Actors.Generators;

/// <summary>Symbol questions and the spellings generated code uses.</summary>
internal static class Symbols
{
    public const string ActorsNamespace = "Turtle.Actors";

    public static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private static readonly string[] MarkerInterfaces =
    {
        "IAddressable", "IGrain", "IGrainWithStringKey", "IGrainWithGuidKey", "IGrainWithIntegerKey", "IGrainObserver",
    };

    public static string Display(this ITypeSymbol type) => type.ToDisplayString(TypeFormat);

    public static bool IsActorsType(this ISymbol symbol, string name) =>
        symbol.Name == name && symbol.ContainingNamespace?.ToDisplayString() == ActorsNamespace;

    public static bool IsMarkerInterface(this INamedTypeSymbol type) =>
        type.ContainingNamespace?.ToDisplayString() == ActorsNamespace && MarkerInterfaces.Contains(type.Name);

    /// <summary>A grain or observer interface the generator makes a proxy for.</summary>
    public static bool IsProxyInterface(this INamedTypeSymbol type) =>
        type.TypeKind == TypeKind.Interface && !type.IsMarkerInterface() && type.AllInterfaces.Any(i => i.IsActorsType("IAddressable"));

    public static bool IsObserverInterface(this INamedTypeSymbol type) => type.AllInterfaces.Any(i => i.IsActorsType("IGrainObserver"));

    public static bool IsGrainInterface(this INamedTypeSymbol type) =>
        type.IsProxyInterface() && type.AllInterfaces.Any(i => i.IsActorsType("IGrain"));

    public static bool HasAttribute(this ISymbol symbol, string name) =>
        symbol.GetAttributes().Any(a => a.AttributeClass is { } c && c.IsActorsType(name));

    public static AttributeData? GetAttribute(this ISymbol symbol, string name) =>
        symbol.GetAttributes().FirstOrDefault(a => a.AttributeClass is { } c && c.IsActorsType(name));

    /// <summary>
    /// True for one declaration of a type only: the first with a base list (those are what the generator's syntax
    /// filters pass). Each part of a partial type reaches the generator, but its file and diagnostics must come once.
    /// </summary>
    public static bool IsPrimaryDeclaration(this INamedTypeSymbol type, SyntaxNode node)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.BaseTypeDeclarationSyntax { BaseList: not null })
            {
                return reference.SyntaxTree == node.SyntaxTree && reference.Span == node.Span;
            }
        }

        return false;
    }

    public static bool DerivesFromGrain(this INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.IsActorsType("Grain"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A name usable as part of an identifier: containing types joined by '_', generic arity appended.</summary>
    public static string FlatName(this INamedTypeSymbol type)
    {
        var builder = new StringBuilder();
        for (var current = type; current is not null; current = current.ContainingType)
        {
            var part = current.Arity > 0 ? $"{current.Name}_{current.Arity}" : current.Name;
            builder.Insert(0, builder.Length == 0 ? part : part + "_");
        }

        return builder.ToString();
    }

    public static string NamespaceOf(this INamedTypeSymbol type) =>
        type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : string.Empty;

    /// <summary><c>typeof</c> operand for the open generic form, for example <c>global::Ns.IFoo&lt;,&gt;</c>.</summary>
    public static string UnboundDisplay(this INamedTypeSymbol type)
    {
        var name = type.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat
            .WithGenericsOptions(SymbolDisplayGenericsOptions.None));
        return type.Arity == 0 ? name : $"{name}<{new string(',', type.Arity - 1)}>";
    }

    public static string TypeParameterList(this INamedTypeSymbol type) =>
        type.Arity == 0 ? string.Empty : "<" + string.Join(", ", type.TypeParameters.Select(p => p.Name)) + ">";

    public static string TypeParameterList(this IMethodSymbol method) =>
        method.Arity == 0 ? string.Empty : "<" + string.Join(", ", method.TypeParameters.Select(p => p.Name)) + ">";

    /// <summary>The <c>where</c> clauses that restate type parameter constraints on a generated type.</summary>
    public static string ConstraintClauses(this System.Collections.Immutable.ImmutableArray<ITypeParameterSymbol> parameters)
    {
        var builder = new StringBuilder();
        foreach (var parameter in parameters)
        {
            var constraints = new System.Collections.Generic.List<string>();
            if (parameter.HasReferenceTypeConstraint)
            {
                constraints.Add(parameter.ReferenceTypeConstraintNullableAnnotation == NullableAnnotation.Annotated ? "class?" : "class");
            }
            else if (parameter.HasUnmanagedTypeConstraint)
            {
                constraints.Add("unmanaged");
            }
            else if (parameter.HasValueTypeConstraint)
            {
                constraints.Add("struct");
            }
            else if (parameter.HasNotNullConstraint)
            {
                constraints.Add("notnull");
            }

            constraints.AddRange(parameter.ConstraintTypes.Select(t => t.Display()));
            if (parameter.HasConstructorConstraint && !parameter.HasValueTypeConstraint)
            {
                constraints.Add("new()");
            }

            if (constraints.Count > 0)
            {
                builder.Append(" where ").Append(parameter.Name).Append(" : ").Append(string.Join(", ", constraints));
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// The <c>where</c> clauses an explicit implementation of <paramref name="method"/> needs. Constraints are inherited,
    /// but <c>T?</c> in its signature is read before they are: without a clause it means <c>Nullable&lt;T&gt;</c>, so
    /// a reference-type parameter needs <c>class</c> and an unconstrained one <c>default</c> (the only forms allowed there).
    /// </summary>
    public static string ExplicitImplementationConstraintClauses(this IMethodSymbol method)
    {
        var builder = new StringBuilder();
        foreach (var parameter in method.TypeParameters)
        {
            // "class" also stands for "class?" here: the clause only disambiguates, the annotation is inherited.
            var constraint = parameter.HasReferenceTypeConstraint ? "class" : parameter.HasValueTypeConstraint ? "struct" : "default";
            builder.Append(" where ").Append(parameter.Name).Append(" : ").Append(constraint);
        }

        return builder.ToString();
    }

    public static string Literal(string value) =>
        Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(value, quote: true);
}
