using Microsoft.Extensions.DependencyInjection;
using Turtle.Actors.Testing;

namespace Turtle.Actors.Runtime.Tests;

/// <summary>Starts a fresh silo with the test grains and a manual clock, and exposes its probe.</summary>
internal static class Silos
{
    public static Task<TestSilo> StartAsync(Dictionary<string, string?>? configuration = null, bool manualClock = true,
        Action<Turtle.Actors.Hosting.ISiloBuilder>? configureSilo = null, TestProbe? probe = null) =>
        TestSilo.StartAsync(
            new TestSiloOptions
            {
                UseManualClock = manualClock,
                Configuration = configuration ?? [],
                ConfigureServices = services => services.AddSingleton(probe ?? new TestProbe()),
                ConfigureSilo = configureSilo,
            },
            typeof(TestProbe).Assembly);

    public static TestProbe Probe(this TestSilo silo) => silo.Services.GetRequiredService<TestProbe>();
}
