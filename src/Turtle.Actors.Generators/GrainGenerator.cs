using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Turtle.Actors.Generators;

/// <summary>
/// For every grain and observer interface declared in the compilation: a proxy and per-method request classes.
/// For every grain class: a factory. For the assembly: one registrar the runtime finds through an assembly attribute.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class GrainGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var proxies = context.SyntaxProvider.CreateSyntaxProvider(
                static (node, _) => node is InterfaceDeclarationSyntax { BaseList: not null },
                static (ctx, _) => ctx.SemanticModel.GetDeclaredSymbol(ctx.Node) is INamedTypeSymbol type && type.IsProxyInterface() &&
                                   type.IsPrimaryDeclaration(ctx.Node)
                    ? (Key: type.ToDisplayString(), Unit: ProxyEmitter.Emit(type))
                    : default)
            .Where(static x => x.Unit is not null);

        var grainClasses = context.SyntaxProvider.CreateSyntaxProvider(
                static (node, _) => node is ClassDeclarationSyntax { BaseList: not null },
                static (ctx, _) => ctx.SemanticModel.GetDeclaredSymbol(ctx.Node) is INamedTypeSymbol { IsAbstract: false } type &&
                                   type.DerivesFromGrain() && type.AllInterfaces.Any(i => i.IsGrainInterface()) && type.IsPrimaryDeclaration(ctx.Node)
                    ? (Key: type.ToDisplayString(), Unit: GrainClassEmitter.Emit(type))
                    : default)
            .Where(static x => x.Unit is not null);

        context.RegisterSourceOutput(proxies, static (spc, item) => AddUnit(spc, item.Unit));
        context.RegisterSourceOutput(grainClasses, static (spc, item) => AddUnit(spc, item.Unit));

        var registrations = proxies.Collect()
            .Combine(grainClasses.Collect())
            .Combine(context.CompilationProvider.Select(static (c, _) => c.AssemblyName ?? "Assembly"));
        context.RegisterSourceOutput(registrations, static (spc, input) =>
        {
            var ((proxyUnits, classUnits), assemblyName) = input;
            EmitRegistrar(spc, assemblyName, proxyUnits.Concat(classUnits).ToImmutableArray());
        });
    }

    private static void AddUnit(SourceProductionContext context, GeneratedUnit unit)
    {
        foreach (var diagnostic in unit.Diagnostics)
        {
            context.ReportDiagnostic(diagnostic.ToDiagnostic());
        }

        if (unit.HintName is not null && unit.Source is not null)
        {
            context.AddSource(unit.HintName, unit.Source);
        }
    }

    private static void EmitRegistrar(SourceProductionContext context, string assemblyName, ImmutableArray<(string Key, GeneratedUnit Unit)> units)
    {
        // Partial classes yield one declaration per part: register each type once.
        var lines = units.GroupBy(u => u.Key).Select(g => g.First().Unit.Registration).Where(r => r is not null).OrderBy(r => r).ToList();
        if (lines.Count == 0)
        {
            return;
        }

        var registrar = "GrainTypeRegistrar_" + new string(assemblyName.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray());
        var source = new StringBuilder();
        source.AppendLine(ProxyEmitter.Header);
        source.AppendLine($"[assembly: global::Turtle.Actors.Invocation.GrainTypeRegistrarAttribute(typeof(global::TurtleGenerated.{registrar}))]");
        source.AppendLine("namespace TurtleGenerated");
        source.AppendLine("{");
        source.AppendLine(ProxyEmitter.GeneratedAttributes);
        source.AppendLine($"    internal sealed class {registrar} : global::Turtle.Actors.Invocation.IGrainTypeRegistrar");
        source.AppendLine("    {");
        source.AppendLine("        public void Register(global::Turtle.Actors.Invocation.IGrainTypeRegistry registry)");
        source.AppendLine("        {");
        foreach (var line in lines)
        {
            source.AppendLine("            " + line);
        }

        source.AppendLine("        }");
        source.AppendLine("    }");
        source.AppendLine("}");
        context.AddSource("TurtleGenerated.GrainTypeRegistrar.g.cs", source.ToString());
    }
}
