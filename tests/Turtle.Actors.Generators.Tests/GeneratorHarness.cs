using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Extensions.DependencyInjection;

namespace Turtle.Actors.Generators.Tests;

/// <summary>Runs <see cref="GrainGenerator"/> over in-memory source, the way the compiler would in a real build.</summary>
internal static class GeneratorHarness
{
    public const string SourcePath = "Grains.cs";

    private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.Latest);

    // Built once: reading ~170 framework assemblies per test would dominate the run time.
    private static readonly ImmutableArray<MetadataReference> s_references = BuildReferences();

    // Mirrors the global usings of an SDK project with ImplicitUsings enabled, so test sources stay short.
    private const string GlobalUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    public static GeneratorRun Run(string source, string assemblyName = "TestGrains")
    {
        var compilation = CreateCompilation(source, assemblyName);

        // The user's own code must be valid, or a failure below could be the test's fault rather than the generator's.
        var inputErrors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(inputErrors.Count == 0, "Test source does not compile on its own:\n" + string.Join("\n", inputErrors));

        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var result = driver.GetRunResult().Results.Single();
        Assert.True(result.Exception is null, "The generator threw: " + result.Exception);
        return new GeneratorRun(output, generatorDiagnostics, result);
    }

    public static CSharpCompilation CreateCompilation(string source, string assemblyName = "TestGrains") =>
        CSharpCompilation.Create(
            assemblyName,
            [
                CSharpSyntaxTree.ParseText(source, s_parseOptions, SourcePath),
                CSharpSyntaxTree.ParseText(GlobalUsings, s_parseOptions, "GlobalUsings.cs"),
            ],
            s_references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static SyntaxTree Parse(string source, string path) => CSharpSyntaxTree.ParseText(source, s_parseOptions, path);

    /// <param name="trackSteps">Records each pipeline step's outputs and why they were (not) recomputed.</param>
    public static GeneratorDriver CreateDriver(bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            [new GrainGenerator().AsSourceGenerator()],
            parseOptions: s_parseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    private static ImmutableArray<MetadataReference> BuildReferences()
    {
        // The test host's trusted platform assemblies already include this project's dependencies;
        // keep one path per simple name so the explicit additions below cannot clash (CS1703).
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat([typeof(GrainId).Assembly.Location, typeof(ServiceProviderServiceExtensions).Assembly.Location])
            .GroupBy(Path.GetFileNameWithoutExtension, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First());
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }
}

/// <summary>What one generator run produced: the updated compilation, the generator's diagnostics and its sources.</summary>
internal sealed record GeneratorRun(Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics, GeneratorRunResult Result)
{
    public IEnumerable<string> HintNames => Result.GeneratedSources.Select(s => s.HintName);

    /// <summary>The registrar's source, or null when none was generated.</summary>
    public string? Registrar => SourceOrNull("TurtleGenerated.GrainTypeRegistrar.g.cs");

    public string? SourceOrNull(string hintName) =>
        Result.GeneratedSources.Where(s => s.HintName == hintName).Select(s => s.SourceText.ToString()).SingleOrDefault();

    /// <summary>The proxy source for an interface's flat name (for example <c>IBox_1</c>), or null when none was generated.</summary>
    public string? ProxySource(string flatInterfaceName) =>
        Result.GeneratedSources.Where(s => s.HintName.EndsWith(".Proxy_" + flatInterfaceName + ".g.cs", StringComparison.Ordinal))
            .Select(s => s.SourceText.ToString()).SingleOrDefault();

    /// <summary>Errors and warnings of the compilation including generated code (hidden and info diagnostics are ignored).</summary>
    public IReadOnlyList<Diagnostic> CompilationProblems =>
        Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    /// <summary>Fails with every problem and the generated code in the message, so a broken emitter is easy to read.</summary>
    public void AssertCompilesCleanly()
    {
        var problems = GeneratorDiagnostics.Concat(CompilationProblems).ToList();
        Assert.True(problems.Count == 0,
            "Expected no diagnostics, got:\n" + string.Join("\n", problems) + "\n\nGenerated:\n" +
            string.Join("\n", Result.GeneratedSources.Select(s => $"// ---- {s.HintName}\n{s.SourceText}")));
    }
}
