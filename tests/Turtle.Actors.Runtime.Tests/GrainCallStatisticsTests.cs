using Microsoft.Extensions.DependencyInjection;
using Turtle.Actors.Runtime.Diagnostics;

namespace Turtle.Actors.Runtime.Tests;

public class GrainCallStatisticsTests
{
    [Fact]
    public async Task Calls_are_counted_per_method_only_while_someone_watches()
    {
        await using var silo = await Silos.StartAsync();
        var statistics = silo.Services.GetRequiredService<GrainCallStatistics>();
        var grain = silo.GrainFactory.GetGrain<ICallGrain>("counted");
        await grain.Add(1, 2);
        Assert.Empty(statistics.Snapshot());

        using (statistics.Watch())
        {
            for (var i = 0; i < 5; i++)
            {
                await grain.Add(i, i);
            }

            await Assert.ThrowsAnyAsync<Exception>(() => grain.Throw("counted failure"));
        }

        await grain.Add(3, 4);
        var add = Assert.Single(statistics.Snapshot(), m => m.Method == nameof(ICallGrain.Add));
        Assert.Equal((5L, 0L), (add.Calls, add.Failures));
        var failed = Assert.Single(statistics.Snapshot(), m => m.Method == nameof(ICallGrain.Throw));
        Assert.Equal((1L, 1L), (failed.Calls, failed.Failures));
        Assert.False(statistics.Enabled);
    }
}
