using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Turtle.Actors.TestGrains;

namespace Turtle.Silo.Tests;

/// <summary>
/// The real silo host in-process (TestServer), with the test grains' probe registered. Unless the settings name a
/// <c>Turtle:DataDir</c>, the silo's files go to a temporary directory of its own, deleted with the factory.
/// </summary>
public sealed class SiloFactory(Dictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    private readonly string? _ownDataDir = settings?.ContainsKey("Turtle:DataDir") == true
        ? null
        : Directory.CreateTempSubdirectory("turtle-silo-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (_ownDataDir is not null)
        {
            builder.UseSetting("Turtle:DataDir", _ownDataDir);
        }

        // Tests post the hosts they need; the silo's own machine is observed only where a test asks for it.
        builder.UseSetting("Turtle:Collector:Enabled", "false");
        // Authentication is the subject of the security tests only (they turn it on); the rest call the API as before.
        builder.UseSetting("Turtle:Auth:Enabled", "false");
        foreach (var (key, value) in settings ?? [])
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.AddSingleton<TestProbe>());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownDataDir is not null && Directory.Exists(_ownDataDir))
        {
            Directory.Delete(_ownDataDir, recursive: true);
        }
    }
}
