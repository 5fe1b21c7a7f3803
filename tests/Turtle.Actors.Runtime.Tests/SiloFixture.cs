using Microsoft.Extensions.DependencyInjection;
using Turtle.Actors.Testing;

namespace Turtle.Actors.Runtime.Tests;

/// <summary>Starts a fresh silo with the test grains and a manual clock, and exposes its probe.</summary>
internal static class Silos
{
    public static Task<TestSilo> StartAsync(Dictionary<string, string?>? configuration = null, bool manualClock = true) =>
        TestSilo.StartAsync(
            new TestSiloOptions
            {
                UseManualClock = manualClock,
                Configuration = configuration ?? [],
                ConfigureServices = services => services.AddSingleton<TestProbe>(),
            },
            typeof(TestProbe).Assembly);

    public static TestProbe Probe(this TestSilo silo) => silo.Services.GetRequiredService<TestProbe>();
}
