using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace Turtle.Actors.Generators;

/// <summary>
/// Emits the proxy of one grain (or observer) interface: a <c>GrainReference</c> subclass implementing every
/// method explicitly, and one nested request class per method that carries the arguments and invokes the target.
/// </summary>
internal static class ProxyEmitter
{
    private enum ReturnKind { Task, TaskOfT, ValueTask, ValueTaskOfT, Void }

    public static GeneratedUnit Emit(INamedTypeSymbol iface)
    {
        var diagnostics = new List<DiagnosticInfo>();
        if (!IsAccessible(iface))
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.InaccessibleInterface, iface, iface.ToDisplayString()));
            return Failed(diagnostics);
        }

        var isObserver = iface.IsObserverInterface();
        var interfaces = new[] { iface }.Concat(iface.AllInterfaces.Where(i => i.IsProxyInterface())).ToList();
        var body = new StringBuilder();
        var requestFactoryCases = new List<string>();
        var index = 0;
        var inheritedProblems = false;
        foreach (var owner in interfaces)
        {
            // A problem in an inherited interface declared in this compilation is reported by that interface's own
            // proxy; here it only stops this proxy (which could not implement the member), so it is reported once.
            var reportedElsewhere = !SymbolEqualityComparer.Default.Equals(owner, iface) &&
                                    owner.OriginalDefinition.Locations.Any(l => l.IsInSource);
            var sink = reportedElsewhere ? new List<DiagnosticInfo>() : diagnostics;
            foreach (var member in owner.GetMembers())
            {
                if (member.IsStatic)
                {
                    continue;
                }

                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } method)
                {
                    EmitMethod(body, requestFactoryCases, owner, method, index++, isObserver, sink);
                }
                else if (member is IPropertySymbol or IEventSymbol)
                {
                    sink.Add(DiagnosticInfo.Create(Diagnostics.UnsupportedMember, member,
                        owner.ToDisplayString(), member is IPropertySymbol ? "property" : "event", member.Name));
                }
            }

            inheritedProblems |= reportedElsewhere && sink.Count > 0;
        }

        if (diagnostics.Count > 0 || inheritedProblems)
        {
            return Failed(diagnostics);
        }

        var ns = "TurtleGenerated" + (iface.NamespaceOf() is { Length: > 0 } n ? "." + n : string.Empty);
        var proxyName = "Proxy_" + iface.FlatName();
        var typeParameters = iface.TypeParameterList();
        var source = new StringBuilder();
        source.AppendLine(Header);
        source.AppendLine($"namespace {ns}");
        source.AppendLine("{");
        source.AppendLine(GeneratedAttributes);
        source.AppendLine($"    internal sealed class {proxyName}{typeParameters} : global::Turtle.Actors.Invocation.GrainReference, {iface.Display()}{iface.TypeParameters.ConstraintClauses()}");
        source.AppendLine("    {");
        source.AppendLine($"        public {proxyName}(global::Turtle.Actors.GrainId grainId, global::Turtle.Actors.Invocation.IGrainCallInvoker invoker) : base(grainId, invoker) {{ }}");
        source.AppendLine($"        public override global::System.Type InterfaceType => typeof({iface.Display()});");
        source.AppendLine();
        source.AppendLine("        /// <summary>A fresh request for a method id arriving from another silo or client; null for generic methods.</summary>");
        source.AppendLine("        public static global::Turtle.Actors.Invocation.GrainRequest? CreateRequest(int methodId)");
        source.AppendLine("        {");
        source.AppendLine("            switch (methodId)");
        source.AppendLine("            {");
        foreach (var factoryCase in requestFactoryCases)
        {
            source.AppendLine("                " + factoryCase);
        }

        source.AppendLine("                default: return null;");
        source.AppendLine("            }");
        source.AppendLine("        }");
        source.Append(body);
        source.AppendLine("    }");
        source.AppendLine("}");

        var proxyType = $"global::{ns}.{proxyName}";
        var registration = iface.Arity == 0
            ? $"registry.AddProxy<{iface.Display()}>(static (id, invoker) => new {proxyType}(id, invoker), static methodId => {proxyType}.CreateRequest(methodId));"
            : $"registry.AddGenericProxy(typeof({iface.UnboundDisplay()}), typeof({proxyType}<{new string(',', iface.Arity - 1)}>));";
        return new GeneratedUnit($"{ns}.{proxyName}.g.cs", source.ToString(), registration, default);
    }

    private static void EmitMethod(StringBuilder body, List<string> requestFactoryCases, INamedTypeSymbol owner, IMethodSymbol method, int index, bool isObserver, List<DiagnosticInfo> diagnostics)
    {
        var methodName = $"{owner.ToDisplayString()}.{method.Name}";
        var kind = ClassifyReturn(method.ReturnType);
        if (kind is null || (kind == ReturnKind.Void && !isObserver))
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.UnsupportedReturnType, method, methodName, method.ReturnType.ToDisplayString()));
            return;
        }

        foreach (var parameter in method.Parameters.Where(p => p.RefKind != RefKind.None))
        {
            diagnostics.Add(DiagnosticInfo.Create(Diagnostics.UnsupportedParameter, parameter, parameter.Name, methodName, parameter.RefKind.ToString().ToLowerInvariant()));
        }

        var options = new List<string>();
        if (method.HasAttribute("ReadOnlyAttribute")) options.Add("ReadOnly");
        if (method.HasAttribute("AlwaysInterleaveAttribute")) options.Add("AlwaysInterleave");
        if (method.HasAttribute("IdempotentAttribute")) options.Add("Idempotent");
        var oneWay = method.HasAttribute("OneWayAttribute") || kind == ReturnKind.Void;
        if (oneWay)
        {
            options.Add("OneWay");
            if (kind is ReturnKind.TaskOfT or ReturnKind.ValueTaskOfT)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.OneWayWithResult, method, methodName, method.ReturnType.ToDisplayString()));
            }
        }

        string? timeout = null;
        if (method.GetAttribute("ResponseTimeoutAttribute") is { } timeoutAttribute)
        {
            timeout = timeoutAttribute.ConstructorArguments.FirstOrDefault().Value as string;
            if (timeout is null || !TimeSpan.TryParse(timeout, CultureInfo.InvariantCulture, out var parsed) || parsed <= TimeSpan.Zero)
            {
                diagnostics.Add(DiagnosticInfo.Create(Diagnostics.InvalidResponseTimeout, method, timeout ?? "null", methodName));
            }
        }

        if (diagnostics.Count > 0)
        {
            return;
        }

        var requestName = $"Request_{index}{method.TypeParameterList()}";
        var resultType = kind is ReturnKind.TaskOfT or ReturnKind.ValueTaskOfT
            ? ((INamedTypeSymbol)method.ReturnType).TypeArguments[0].Display()
            : null;
        var baseType = resultType is null
            ? "global::Turtle.Actors.Invocation.GrainVoidRequest"
            : $"global::Turtle.Actors.Invocation.GrainRequest<{resultType}>";
        var argumentFields = method.Parameters.Select((p, i) => (Parameter: p, Field: IsCancellationToken(p.Type) ? null : $"Arg{i}")).ToList();
        // Method and parameter names are escaped where they are identifiers: "@event" is a legal grain method name.
        var call = $"(({owner.Display()})target).{Escape(method.Name)}{method.TypeParameterList()}(" +
                   string.Join(", ", argumentFields.Select(a => a.Field ?? "CancellationToken")) + ")";

        // The proxy method: build the request, hand it to the invoker, adapt its task to the declared return type.
        var parameters = string.Join(", ", method.Parameters.Select(p => $"{p.Type.Display()} {Escape(p.Name)}"));
        body.AppendLine();
        body.AppendLine($"        {method.ReturnType.Display()} {owner.Display()}.{Escape(method.Name)}{method.TypeParameterList()}({parameters}){method.ExplicitImplementationConstraintClauses()}");
        body.AppendLine("        {");
        body.AppendLine($"            var __request = new {requestName}();");
        foreach (var (parameter, field) in argumentFields)
        {
            body.AppendLine(field is null
                ? $"            __request.CancellationToken = {Escape(parameter.Name)};"
                : $"            __request.{field} = {Escape(parameter.Name)};");
        }

        // "base.": a parameter named InvokeAsync or InvokeOneWay would otherwise hide the inherited method.
        body.AppendLine(kind switch
        {
            ReturnKind.Void => "            base.InvokeOneWay(__request);",
            _ when oneWay => "            base.InvokeOneWay(__request);\n            return " + (kind == ReturnKind.Task ? "global::System.Threading.Tasks.Task.CompletedTask;" : "default;"),
            ReturnKind.Task or ReturnKind.TaskOfT => "            return base.InvokeAsync(__request);",
            ReturnKind.ValueTask => "            return new global::System.Threading.Tasks.ValueTask(base.InvokeAsync(__request));",
            _ => $"            return new global::System.Threading.Tasks.ValueTask<{resultType}>(base.InvokeAsync(__request));",
        });
        body.AppendLine("        }");

        // The request: arguments as fields, scheduling metadata, and the invoker.
        body.AppendLine();
        body.AppendLine($"        private sealed class {requestName} : {baseType}{method.TypeParameters.ConstraintClauses()}");
        body.AppendLine("        {");
        foreach (var (parameter, field) in argumentFields.Where(a => a.Field is not null))
        {
            body.AppendLine($"            public {parameter.Type.Display()} {field} = default!;");
        }

        body.AppendLine($"            public override string InterfaceName => {Symbols.Literal(owner.ToDisplayString())};");
        body.AppendLine($"            public override string MethodName => {Symbols.Literal(method.Name)};");
        body.AppendLine($"            public override int MethodId => {index};");
        var fields = argumentFields.Where(a => a.Field is not null).ToList();
        if (fields.Count > 0)
        {
            const string Codec = "global::Turtle.Actors.Serialization.ValueCodec";
            body.AppendLine("            public override void WriteArguments(global::Turtle.Actors.Serialization.MessageWriter writer)");
            body.AppendLine("            {");
            foreach (var (parameter, field) in fields)
            {
                body.AppendLine($"                {Codec}<{parameter.Type.Display()}>.Write(writer, {field});");
            }

            body.AppendLine("            }");
            body.AppendLine("            public override void ReadArguments(global::Turtle.Actors.Serialization.MessageReader reader)");
            body.AppendLine("            {");
            foreach (var (parameter, field) in fields)
            {
                body.AppendLine($"                {field} = {Codec}<{parameter.Type.Display()}>.Read(reader);");
            }

            body.AppendLine("            }");
        }

        if (method.Arity == 0)
        {
            // Generic methods need their type arguments on the wire; they are callable in-process only for now.
            requestFactoryCases.Add($"case {index}: return new Request_{index}();");
        }
        if (options.Count > 0)
        {
            body.AppendLine("            public override global::Turtle.Actors.Invocation.InvokeMethodOptions Options => " +
                            string.Join(" | ", options.Select(o => "global::Turtle.Actors.Invocation.InvokeMethodOptions." + o)) + ";");
        }

        if (timeout is not null)
        {
            body.AppendLine($"            private static readonly global::System.TimeSpan s_timeout = global::System.TimeSpan.Parse({Symbols.Literal(timeout)}, global::System.Globalization.CultureInfo.InvariantCulture);");
            body.AppendLine("            public override global::System.TimeSpan? ResponseTimeout => s_timeout;");
        }

        body.AppendLine(kind switch
        {
            ReturnKind.Void => $"            protected override global::System.Threading.Tasks.ValueTask InvokeVoid(object target) {{ {call}; return default; }}",
            ReturnKind.Task => $"            protected override global::System.Threading.Tasks.ValueTask InvokeVoid(object target) => new global::System.Threading.Tasks.ValueTask({call});",
            ReturnKind.ValueTask => $"            protected override global::System.Threading.Tasks.ValueTask InvokeVoid(object target) => {call};",
            ReturnKind.TaskOfT => $"            protected override global::System.Threading.Tasks.ValueTask<{resultType}> InvokeCore(object target) => new global::System.Threading.Tasks.ValueTask<{resultType}>({call});",
            _ => $"            protected override global::System.Threading.Tasks.ValueTask<{resultType}> InvokeCore(object target) => {call};",
        });
        body.AppendLine("        }");
    }

    private static ReturnKind? ClassifyReturn(ITypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_Void)
        {
            return ReturnKind.Void;
        }

        if (type is not INamedTypeSymbol named || named.ContainingNamespace?.ToDisplayString() != "System.Threading.Tasks")
        {
            return null;
        }

        return (named.Name, named.Arity) switch
        {
            ("Task", 0) => ReturnKind.Task,
            ("Task", 1) => ReturnKind.TaskOfT,
            ("ValueTask", 0) => ReturnKind.ValueTask,
            ("ValueTask", 1) => ReturnKind.ValueTaskOfT,
            _ => null,
        };
    }

    private static bool IsCancellationToken(ITypeSymbol type) =>
        type.Name == "CancellationToken" && type.ContainingNamespace?.ToDisplayString() == "System.Threading";

    private static bool IsAccessible(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal) ||
                (!SymbolEqualityComparer.Default.Equals(current, type) && current.Arity > 0))
            {
                return false;
            }
        }

        return true;
    }

    private static string Escape(string name) =>
        Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + name : name;

    private static GeneratedUnit Failed(List<DiagnosticInfo> diagnostics) =>
        new(null, null, null, new EquatableArray<DiagnosticInfo>(diagnostics.ToImmutableArray()));

    internal const string Header = "// <auto-generated/>\n#nullable enable\n#pragma warning disable CS1591, CS0618, CS0612";

    internal const string GeneratedAttributes =
        "    [global::System.CodeDom.Compiler.GeneratedCode(\"Turtle.Actors.Generators\", \"1.0\")]\n" +
        "    [global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]";
}
