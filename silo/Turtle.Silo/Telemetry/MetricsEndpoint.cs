namespace Turtle.Silo.Telemetry;

/// <summary>
/// <c>GET /metrics</c>: the silo's metrics in the Prometheus text format (see docs/observability.md for the list). A
/// class of its own so that authorization can be put on it alone (the "metrics" policy), apart from the API groups.
/// </summary>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static IEndpointConventionBuilder MapSiloMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Path, (PrometheusMetrics metrics) => TypedResults.Text(metrics.Scrape(), PrometheusMetrics.ContentType))
            .WithTags("Telemetry").WithName("GetMetrics").WithSummary("Metrics in the Prometheus text exposition format 0.0.4")
            .ExcludeFromDescription();
}
