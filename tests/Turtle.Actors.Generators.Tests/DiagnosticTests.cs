using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Turtle.Actors.Generators.Tests;

/// <summary>
/// Unsupported shapes are reported (TA0001..TA0008) at the offending declaration, marked <c>[|like this|]</c> in the
/// sources below, and produce no proxy or registration; a valid neighbour in the same assembly is unaffected.
/// </summary>
public sealed class DiagnosticTests
{
    private const string Prefix = """
        using Turtle.Actors;
        namespace Bad;

        public interface IGood : IGrainWithStringKey { Task Ok(); }

        """;

    [Fact]
    public void Non_task_return_type_is_TA0001() =>
        AssertReported("TA0001", "public interface IBad : IGrainWithStringKey { int [|Count|](); }", noProxyFor: "IBad");

    [Fact]
    public void Void_on_a_grain_interface_is_TA0001() =>
        AssertReported("TA0001", "public interface IBad : IGrainWithStringKey { void [|Fire|](string message); }", noProxyFor: "IBad");

    [Theory]
    [InlineData("ref")]
    [InlineData("out")]
    [InlineData("in")]
    public void By_reference_parameter_is_TA0002(string modifier) =>
        AssertReported("TA0002", $"public interface IBad : IGrainWithStringKey {{ Task Swap(int a, {modifier} int [|b|]); }}", noProxyFor: "IBad");

    [Theory]
    [InlineData("int [|Size|] { get; }")]
    [InlineData("event EventHandler [|Changed|];")]
    public void Property_or_event_on_a_grain_interface_is_TA0003(string member) =>
        AssertReported("TA0003", $"public interface IBad : IGrainWithStringKey {{ Task Ok(); {member} }}", noProxyFor: "IBad");

    [Theory]
    [InlineData("Task<int>")]
    [InlineData("ValueTask<string>")]
    public void One_way_method_with_a_result_is_TA0004(string returnType) =>
        AssertReported("TA0004", $"public interface IBad : IGrainWithStringKey {{ [OneWay] {returnType} [|Compute|](); }}", noProxyFor: "IBad");

    [Fact]
    public void Generic_grain_class_is_TA0005_and_not_registered()
    {
        var run = AssertReported("TA0005", "public sealed class [|GenericGrain|]<T> : Grain, IGood { public Task Ok() => Task.CompletedTask; }", noProxyFor: null);

        Assert.DoesNotContain("GenericGrain", run.Registrar);
    }

    [Fact]
    public void A_problem_in_a_partial_interface_is_reported_once() =>
        AssertReported("TA0001", "public partial interface IBad : IGrainWithStringKey { int [|Count|](); } public partial interface IBad : IGrainWithStringKey { Task Ok(); }", noProxyFor: "IBad");

    [Fact]
    public void A_partial_generic_grain_class_is_reported_once() =>
        AssertReported("TA0005", "public partial class [|SplitGrain|]<T> : Grain, IGood { public Task Ok() => Task.CompletedTask; } public partial class SplitGrain<T> : IGood { }", noProxyFor: null);

    [Theory]
    [InlineData("private")]
    [InlineData("protected")]
    public void Grain_interface_nested_out_of_reach_is_TA0006(string accessibility) =>
        AssertReported("TA0006", $"public class Outer {{ {accessibility} interface [|IHidden|] : IGrainWithStringKey {{ Task Go(); }} }}", noProxyFor: "Outer_IHidden");

    [Fact]
    public void Grain_interface_nested_in_a_generic_type_is_TA0006() =>
        AssertReported("TA0006", "public class Outer<T> { public interface [|IHidden|] : IGrainWithStringKey { Task Go(); } }", noProxyFor: "Outer_1_IHidden");

    [Theory]
    [InlineData("banana")]
    [InlineData("00:00:00")]
    [InlineData("-00:00:05")]
    public void Response_timeout_that_is_not_a_positive_TimeSpan_is_TA0007(string timeout) =>
        AssertReported("TA0007", $$"""public interface IBad : IGrainWithStringKey { [ResponseTimeout("{{timeout}}")] Task [|Slow|](); }""", noProxyFor: "IBad");

    [Fact]
    public void Grain_class_without_an_accessible_constructor_is_TA0008()
    {
        var run = AssertReported("TA0008", "public sealed class [|LockedGrain|] : Grain, IGood { private LockedGrain() { } public Task Ok() => Task.CompletedTask; }", noProxyFor: null);

        Assert.DoesNotContain("LockedGrain", run.Registrar);
    }

    [Theory]
    [InlineData("TA0001", "int [|Count|]();")]
    [InlineData("TA0002", "Task Read(out int [|value|]);")]
    [InlineData("TA0003", "int [|Size|] { get; }")]
    public void A_problem_in_a_base_interface_is_reported_once_and_blocks_the_derived_proxy_too(string id, string member)
    {
        var source = $$"""
            public interface IBase : IGrainWithStringKey { {{member}} }
            public interface IDerived : IBase { Task More(); }
            """;

        var run = AssertReported(id, source, noProxyFor: "IBase");

        Assert.Null(run.ProxySource("IDerived"));
        Assert.DoesNotContain("IDerived", run.Registrar);
    }

    /// <summary>
    /// Runs the generator over <paramref name="marked"/> and asserts exactly one diagnostic: <paramref name="id"/>, an error,
    /// located at the <c>[|marked|]</c> span of Grains.cs; and that <paramref name="noProxyFor"/> got no proxy or registration.
    /// </summary>
    private static GeneratorRun AssertReported(string id, string marked, string? noProxyFor)
    {
        var start = marked.IndexOf("[|", StringComparison.Ordinal);
        var end = marked.IndexOf("|]", StringComparison.Ordinal) - 2;
        var source = Prefix + marked.Replace("[|", "").Replace("|]", "");
        var expected = new TextSpan(Prefix.Length + start, end - start);

        var run = GeneratorHarness.Run(source);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(GeneratorHarness.SourcePath, diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(source.Substring(expected.Start, expected.Length), source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Equal(expected, diagnostic.Location.SourceSpan);
        Assert.Equal(SourceText.From(source).Lines.GetLinePositionSpan(expected), diagnostic.Location.GetLineSpan().Span);

        if (noProxyFor is not null)
        {
            Assert.Null(run.ProxySource(noProxyFor));
            Assert.DoesNotContain(noProxyFor.Split('_')[^1], run.Registrar);
        }

        // The valid neighbour is still generated and registered.
        Assert.NotNull(run.ProxySource("IGood"));
        Assert.Contains("AddProxy<global::Bad.IGood>", run.Registrar);
        return run;
    }
}
