using Microsoft.CodeAnalysis;

namespace Turtle.Actors.Generators.Tests;

/// <summary>
/// The generator is incremental: pipeline values compare by content, so an edit that does not touch grain types
/// reuses every output instead of regenerating (and re-adding) every file on each keystroke in the IDE.
/// </summary>
public sealed class IncrementalTests
{
    [Fact]
    public void An_unrelated_edit_reuses_every_output()
    {
        var reasons = OutputReasonsAfter(c => c.AddSyntaxTrees(GeneratorHarness.Parse("namespace Other; public class Unrelated { }", "Other.cs")));

        Assert.NotEmpty(reasons);
        Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"Output was {r}."));
    }

    [Fact]
    public void Editing_a_grain_interface_regenerates_its_outputs()
    {
        var edited = GrainSources.Combine(GrainSources.Basic, GrainSources.GrainClass).Replace("Task<int> Count();", "Task<long> Count();");

        var reasons = OutputReasonsAfter(c => c.ReplaceSyntaxTree(c.SyntaxTrees.First(), GeneratorHarness.Parse(edited, GeneratorHarness.SourcePath)));

        Assert.Contains(IncrementalStepRunReason.Modified, reasons);
    }

    private static List<IncrementalStepRunReason> OutputReasonsAfter(Func<Compilation, Compilation> edit)
    {
        var compilation = GeneratorHarness.CreateCompilation(GrainSources.Combine(GrainSources.Basic, GrainSources.GrainClass));
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);

        driver = driver.RunGenerators(edit(compilation));

        var result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        return result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(step => step.Outputs).Select(o => o.Reason).ToList();
    }
}
