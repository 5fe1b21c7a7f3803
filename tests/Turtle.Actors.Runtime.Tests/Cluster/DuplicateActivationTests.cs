using Microsoft.Extensions.DependencyInjection;
using Turtle.Actors.Runtime.Catalog;
using Turtle.Actors.Runtime.Directory;
using Turtle.Actors.Runtime.Messaging;
using Turtle.Actors.Testing.Cluster;

namespace Turtle.Actors.Runtime.Tests.Cluster;

public class DuplicateActivationTests
{
    [Fact]
    public async Task A_duplicate_is_found_at_the_next_membership_change_and_deactivated()
    {
        var probe = new TestProbe();
        await using var cluster = await TestCluster.StartAsync(3, new TestClusterOptions { ConfigureServices = s => s.AddSingleton(probe) }, typeof(TestProbe).Assembly);
        var first = cluster.Silos[1];
        var second = cluster.Silos[2];
        var id = new GrainId("lifecycle", "dup");
        var grain = cluster.Silos[0].GrainFactory.GetGrain<ILifecycleGrain>("dup");

        // Two activations of one grain, as a membership change can briefly leave: the directory loses track of the
        // first (its entry is gone, as when a silo is wrongly thought dead), and the second is activated elsewhere.
        await Activate(first, grain);
        await cluster.Directory.RemoveSiloAsync(first.Address);
        await Activate(second, grain);
        Assert.True(Holds(first, id) && Holds(second, id));

        // The next membership change makes every silo check its activations against the directory.
        await cluster.StartSiloAsync();

        await TestProbe.WaitUntil(() => !Holds(first, id), because: "the duplicate should deactivate");
        Assert.Contains("deactivate dup DuplicateActivation", probe.Log);
        Assert.True(Holds(second, id));
        Assert.Equal(second.Address, (await cluster.Directory.LookupAsync(id))!.Value.Silo);
    }

    /// <summary>Activates the grain on a chosen silo by delivering a call there directly.</summary>
    private static async Task Activate(TestClusterSilo silo, ILifecycleGrain grain)
    {
        var dispatcher = silo.Services.GetRequiredService<ActivationServices>().Dispatcher;
        var call = new CallCapture();
        var reference = (Invocation.GrainReference)grain;
        var captured = (ILifecycleGrain)silo.Services.GetRequiredService<Manifest.GrainTypeManifest>().CreateReference(typeof(ILifecycleGrain), reference.GrainId, call);
        var ping = captured.Ping();
        dispatcher.Dispatch(reference.GrainId, call.Request!);
        await ping;
    }

    private static bool Holds(TestClusterSilo silo, GrainId id) =>
        silo.Services.GetRequiredService<ActivationCatalog>().Contains(id);

    private sealed class CallCapture : Invocation.IGrainCallInvoker
    {
        public Invocation.GrainRequest? Request { get; private set; }

        public IGrainFactory GrainFactory => throw new NotSupportedException();

        public void Invoke(Invocation.GrainReference target, Invocation.GrainRequest request) => Request = request;
    }
}
