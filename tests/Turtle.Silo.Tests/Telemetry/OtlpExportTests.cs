using System.Net;
using System.Text;

namespace Turtle.Silo.Tests.Telemetry;

/// <summary>With <c>Turtle:Telemetry:OtlpEndpoint</c> set, traces and metrics reach an OTLP/HTTP receiver as protobuf; without it, nothing is registered.</summary>
[Collection(Fuzz.ProcessWideCollection.Name)]
public class OtlpExportTests
{
    private static readonly string Examples = Path.Combine(AppContext.BaseDirectory, "examples");

    [Fact]
    public async Task Traces_and_metrics_arrive_at_a_loopback_receiver_as_protobuf()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var silo = new SiloFactory(new()
        {
            ["Turtle:Telemetry:OtlpEndpoint"] = receiver.Endpoint,
            ["Turtle:Telemetry:ExportInterval"] = "00:00:00.200",
            ["Turtle:SiloName"] = "otlp-silo",
        });
        using var http = silo.CreateClient();
        var body = await File.ReadAllTextAsync(Path.Combine(Examples, "host-full.json"));
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync("/api/v1/observations", new StringContent(body, Encoding.UTF8, "application/json"))).StatusCode);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        // Spans leave in batches as they end: the HTTP request's span ends after the grain call's, maybe a batch later.
        while (!(receiver.Received("/v1/traces", "IHostGrain/Observe") && receiver.Received("/v1/traces", "/api/v1/observations")
                 && receiver.Received("/v1/metrics", "turtle.grain.calls") && receiver.Received("/v1/metrics", "turtle.ingest.requests")))
        {
            Assert.True(DateTime.UtcNow < deadline, $"expected spans and metrics within 20 s; got {receiver.Requests.Count} requests; grain span {receiver.Received("/v1/traces", "IHostGrain/Observe")}, " +
                $"HTTP span {receiver.Received("/v1/traces", "/api/v1/observations")}, calls {receiver.Received("/v1/metrics", "turtle.grain.calls")}, ingest {receiver.Received("/v1/metrics", "turtle.ingest.requests")}");
            await Task.Delay(50);
        }

        Assert.All(receiver.Requests, r => Assert.Equal("application/x-protobuf", r.ContentType));
        Assert.True(receiver.Received("/v1/traces", "turtle-silo"), "the service name travels as a resource attribute");
        Assert.True(receiver.Received("/v1/traces", "otlp-silo"), "the silo's name is the service instance");
        Assert.True(receiver.Received("/v1/metrics", "turtle.grain.call.duration"));
    }

    [Fact]
    public async Task Without_an_endpoint_no_OpenTelemetry_provider_is_registered()
    {
        await using var silo = new SiloFactory();
        _ = silo.Server;
        Assert.Null(silo.Services.GetService(typeof(OpenTelemetry.Trace.TracerProvider)));
        Assert.Null(silo.Services.GetService(typeof(OpenTelemetry.Metrics.MeterProvider)));
    }

    [Fact]
    public async Task A_bad_endpoint_stops_start_up_naming_the_setting()
    {
        await using var silo = new SiloFactory(new() { ["Turtle:Telemetry:OtlpEndpoint"] = "127.0.0.1:4318" });
        var error = Assert.ThrowsAny<Exception>(() => silo.Server);
        Assert.Contains("Turtle:Telemetry:OtlpEndpoint", error.ToString());
    }
}
