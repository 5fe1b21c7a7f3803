namespace Turtle.Actors.Generators.Tests;

/// <summary>The generated code compiles, without warnings, for every shape of grain interface and class we support.</summary>
public sealed class CompileTests
{
    public static TheoryData<string> Cases => new(GrainSources.All.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generated_code_compiles_without_errors_or_warnings(string name)
    {
        var run = GeneratorHarness.Run(GrainSources.All[name]);

        run.AssertCompilesCleanly();
        Assert.NotNull(run.Registrar);
    }

    [Fact]
    public void All_cases_together_compile_into_one_registrar()
    {
        // Separate namespaces, one assembly: hint names and registrations must not collide.
        var run = GeneratorHarness.Run(GrainSources.Combine(GrainSources.All.Values.ToArray()));

        run.AssertCompilesCleanly();
        Assert.Single(run.HintNames, h => h.Contains("GrainTypeRegistrar", StringComparison.Ordinal));
    }

    [Fact]
    public void Registrar_is_found_through_an_assembly_attribute()
    {
        var registrar = GeneratorHarness.Run(GrainSources.Basic, assemblyName: "My.Grains-1").Registrar;

        Assert.NotNull(registrar);
        Assert.Contains("[assembly: global::Turtle.Actors.Invocation.GrainTypeRegistrarAttribute(typeof(global::TurtleGenerated.GrainTypeRegistrar_My_Grains_1))]", registrar);
        Assert.Contains("internal sealed class GrainTypeRegistrar_My_Grains_1 : global::Turtle.Actors.Invocation.IGrainTypeRegistrar", registrar);
    }

    [Fact]
    public void Registrar_adds_a_proxy_for_each_interface_including_observers_and_inherited_ones()
    {
        var registrar = GeneratorHarness.Run(GrainSources.Combine(GrainSources.Inheritance, GrainSources.Observer)).Registrar!;

        foreach (var (iface, proxy) in new[]
                 {
                     ("People.INamed", "People.Proxy_INamed"),
                     ("People.IPerson", "People.Proxy_IPerson"),
                     ("People.IEmployee", "People.Proxy_IEmployee"),
                     ("Chat.IChatObserver", "Chat.Proxy_IChatObserver"),
                 })
        {
            Assert.Contains($"registry.AddProxy<global::{iface}>(static (id, invoker) => new global::TurtleGenerated.{proxy}(id, invoker), static methodId => global::TurtleGenerated.{proxy}.CreateRequest(methodId));", registrar);
        }
    }

    [Fact]
    public void Registrar_adds_generic_proxies_by_open_type()
    {
        var registrar = GeneratorHarness.Run(GrainSources.GenericInterface).Registrar!;

        Assert.Contains("registry.AddGenericProxy(typeof(global::Storage.IBox<>), typeof(global::TurtleGenerated.Storage.Proxy_IBox_1<>));", registrar);
        Assert.Contains("registry.AddGenericProxy(typeof(global::Storage.IPair<,>), typeof(global::TurtleGenerated.Storage.Proxy_IPair_2<,>));", registrar);
        Assert.Contains("registry.AddProxy<global::Storage.IIntBox>(", registrar);
    }

    [Fact]
    public void Registrar_adds_grain_classes_with_their_type_name_state_and_services()
    {
        var registrar = GeneratorHarness.Run(GrainSources.GrainClass).Registrar!;
        var custom = Assert.Single(Lines(registrar), l => l.Contains("typeof(global::Counters.CounterGrain)", StringComparison.Ordinal));
        var hello = Assert.Single(Lines(registrar), l => l.Contains("typeof(global::Counters.HelloGrain)", StringComparison.Ordinal));

        Assert.StartsWith("registry.AddGrainClass(", custom);
        Assert.Contains("\"custom\", new global::System.Type[] { typeof(global::Counters.ICounter) }, true,", custom);
        Assert.Contains("context.GetPersistentState<global::Counters.CounterState>(\"state\", \"store\")", custom);
        Assert.Contains("context.GrainFactory", custom);
        Assert.Contains("GetRequiredService<global::Counters.IClock>(sp)", custom);

        // No [GrainType]: the class name without its "Grain" suffix, lower case; not reentrant.
        Assert.Contains("\"hello\", new global::System.Type[] { typeof(global::Counters.ICounter) }, false,", hello);
    }

    [Fact]
    public void Plain_interfaces_and_marker_interfaces_get_no_proxy()
    {
        var run = GeneratorHarness.Run(GrainSources.GrainClass);

        Assert.Equal(["TurtleGenerated.Counters.Proxy_ICounter.g.cs", "TurtleGenerated.GrainTypeRegistrar.g.cs"], run.HintNames.Order());
    }

    [Fact]
    public void Source_without_grains_generates_nothing()
    {
        var run = GeneratorHarness.Run("namespace Plain; public interface IThing : IDisposable { } public class Thing { }");

        run.AssertCompilesCleanly();
        Assert.Empty(run.HintNames);
    }

    [Fact]
    public void Inherited_methods_are_implemented_by_the_derived_proxy_under_their_declaring_interface()
    {
        var proxy = GeneratorHarness.Run(GrainSources.Inheritance).ProxySource("IEmployee")!;

        Assert.Contains("global::People.INamed.GetName()", proxy);
        Assert.Contains("global::People.IEmployee.GetName()", proxy);
        Assert.Contains("global::People.IPerson.GetAge()", proxy);
        Assert.Contains("InterfaceName => \"People.INamed\"", proxy);
    }

    [Fact]
    public void Partial_interfaces_and_classes_get_one_proxy_and_one_registration()
    {
        const string source = """
            using Turtle.Actors;
            namespace Parts;

            public partial interface ISplit : IGrainWithStringKey { Task A(); }
            public partial interface ISplit : IGrainWithStringKey { Task B(); }
            public partial interface ISplit { Task C(); }

            public sealed partial class SplitGrain : Grain, ISplit { public Task A() => Task.CompletedTask; }
            public sealed partial class SplitGrain : ISplit { public Task B() => Task.CompletedTask; public Task C() => Task.CompletedTask; }
            """;

        var run = GeneratorHarness.Run(source);

        run.AssertCompilesCleanly();
        var proxy = run.ProxySource("ISplit")!;
        Assert.Equal(3, proxy.Split("private sealed class Request_").Length - 1);
        Assert.Single(Lines(run.Registrar!), l => l.Contains("AddProxy<global::Parts.ISplit>", StringComparison.Ordinal));
        Assert.Single(Lines(run.Registrar!), l => l.Contains("typeof(global::Parts.SplitGrain)", StringComparison.Ordinal));
    }

    private static IEnumerable<string> Lines(string source) => source.Split('\n').Select(l => l.Trim());
}
