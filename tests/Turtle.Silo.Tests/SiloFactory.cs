using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Turtle.Actors.TestGrains;

namespace Turtle.Silo.Tests;

/// <summary>The real silo host in-process (TestServer), with the test grains' probe registered.</summary>
public sealed class SiloFactory(Dictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings ?? [])
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.AddSingleton<TestProbe>());
    }
}
