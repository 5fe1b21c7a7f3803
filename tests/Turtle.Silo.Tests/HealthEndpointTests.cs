using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Turtle.Actors;
using Turtle.Actors.Configuration;
using Turtle.Actors.TestGrains;

namespace Turtle.Silo.Tests;

public class HealthEndpointTests
{
    [Fact]
    public async Task Live_and_ready_answer_200_once_the_silo_is_active()
    {
        await using var factory = new SiloFactory();
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("\"status\":\"Healthy\"", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_turns_503_as_shutdown_begins_while_grains_deactivate()
    {
        await using var factory = new SiloFactory();
        using var client = factory.CreateClient();
        var probe = factory.Services.GetRequiredService<TestProbe>();
        await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<ISlowShutdownGrain>("held").Touch();

        var shutdown = Task.Run(() => factory.Services.GetRequiredService<IHost>().StopAsync());
        try
        {
            await TestProbe.WaitUntil(() => probe.Log.Contains("deactivating"), because: "shutdown should deactivate grains");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        }
        finally
        {
            probe.Open("deactivate");
            await shutdown;
        }
    }

    [Fact]
    public async Task Turtle_settings_bind_from_configuration()
    {
        await using var factory = new SiloFactory(new() { ["Turtle:SiloName"] = "dc1-a", ["Turtle:Grains:CollectionAge"] = "00:05:00" });
        _ = factory.Server;

        Assert.Equal("dc1-a", factory.Services.GetRequiredService<Turtle.Actors.Runtime.Silo>().Name);
        Assert.Equal(TimeSpan.FromMinutes(5), factory.Services.GetRequiredService<IOptions<GrainCollectionOptions>>().Value.CollectionAge);
    }

    [Fact]
    public async Task Invalid_settings_stop_start_up_with_a_message_naming_the_setting()
    {
        await using var factory = new SiloFactory(new() { ["Turtle:Messaging:ResponseTimeout"] = "-00:00:01" });
        var error = Assert.ThrowsAny<Exception>(() => factory.Server);
        Assert.Contains("Turtle:Messaging:ResponseTimeout", error.ToString());
    }
}
