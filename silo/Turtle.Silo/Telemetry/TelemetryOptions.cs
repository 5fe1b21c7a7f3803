namespace Turtle.Actors.Configuration;

/// <summary>OpenTelemetry export, bound from <c>Turtle:Telemetry</c>. <c>/metrics</c> is always served; OTLP only when an endpoint is set.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Turtle:Telemetry";

    /// <summary>
    /// Base URL of an OTLP/HTTP receiver (an OpenTelemetry Collector: <c>http://127.0.0.1:4318</c>); traces go to
    /// <c>/v1/traces</c> and metrics to <c>/v1/metrics</c> under it, as http/protobuf. <value>Default none: nothing is exported.</value>
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>The <c>service.name</c> resource attribute. <value>Default <c>turtle-silo</c>.</value></summary>
    public string ServiceName { get; set; } = "turtle-silo";

    /// <summary>How often metrics are pushed and batched spans sent. <value>Default 15 seconds.</value></summary>
    public TimeSpan ExportInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The endpoint as a URI, or null when none is set.</summary>
    public Uri? Endpoint => Uri.TryCreate((OtlpEndpoint ?? "").Trim().TrimEnd('/') + "/", UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;
}
