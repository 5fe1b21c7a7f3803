using Turtle.Actors.Messaging;
using Turtle.Actors.Runtime.Directory;

namespace Turtle.Actors.Directory.Tests;

/// <summary>The grain directory contract, written once; each provider subclasses it with its factory.</summary>
public abstract class GrainDirectoryConformanceTests
{
    private static readonly SiloAddress SiloA = new("10.0.0.1", 11111, 1);
    private static readonly SiloAddress SiloB = new("10.0.0.2", 11111, 1);

    /// <summary>A directory for one cluster; calls with the same <paramref name="clusterId"/> share the data.</summary>
    protected abstract Task<IGrainDirectory> CreateAsync(string clusterId);

    private static GrainAddress At(SiloAddress silo, string key) => new(new GrainId("host", key), silo, Guid.NewGuid());

    [Fact]
    public async Task The_first_registration_wins_and_later_ones_are_told_the_winner()
    {
        var directory = await CreateAsync("c1");
        var first = At(SiloA, "dc1/a");
        var second = At(SiloB, "dc1/a");

        Assert.Equal(first, await directory.RegisterAsync(first));
        Assert.Equal(first, await directory.RegisterAsync(second));
        Assert.Equal(first, await directory.LookupAsync(first.GrainId));
    }

    [Fact]
    public async Task Unregister_removes_only_the_registered_activation()
    {
        var directory = await CreateAsync("c1");
        var registered = At(SiloA, "dc1/b");
        await directory.RegisterAsync(registered);

        await directory.UnregisterAsync(registered with { ActivationId = Guid.NewGuid() });
        Assert.Equal(registered, await directory.LookupAsync(registered.GrainId));

        await directory.UnregisterAsync(registered);
        Assert.Null(await directory.LookupAsync(registered.GrainId));
    }

    [Fact]
    public async Task Removing_a_dead_silo_frees_its_grains_for_new_registrations()
    {
        var directory = await CreateAsync("c1");
        var onA = At(SiloA, "dc1/c");
        var onB = At(SiloB, "dc1/d");
        await directory.RegisterAsync(onA);
        await directory.RegisterAsync(onB);

        await directory.RemoveSiloAsync(SiloA);

        Assert.Null(await directory.LookupAsync(onA.GrainId));
        Assert.Equal(onB, await directory.LookupAsync(onB.GrainId));
        var replacement = At(SiloB, "dc1/c");
        Assert.Equal(replacement, await directory.RegisterAsync(replacement));
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_grain_from_many_silos_agree_on_one_winner()
    {
        var directories = new List<IGrainDirectory>();
        for (var i = 0; i < 8; i++)
        {
            directories.Add(await CreateAsync("c-race"));
        }

        for (var round = 0; round < 10; round++)
        {
            var contenders = directories.Select((d, i) => (Directory: d, Address: At(new SiloAddress($"10.0.1.{i}", 11111, 1), $"race-{round}"))).ToList();
            var winners = await Task.WhenAll(contenders.Select(c => c.Directory.RegisterAsync(c.Address).AsTask()));

            Assert.Single(winners.Distinct());
            Assert.Contains(winners[0], contenders.Select(c => c.Address));
        }
    }

    [Fact]
    public async Task Clusters_do_not_see_each_others_entries()
    {
        var one = await CreateAsync("cluster-one");
        var two = await CreateAsync("cluster-two");
        var address = At(SiloA, "dc1/shared-key");
        await one.RegisterAsync(address);

        Assert.Null(await two.LookupAsync(address.GrainId));
        var other = At(SiloB, "dc1/shared-key");
        Assert.Equal(other, await two.RegisterAsync(other));
    }
}
