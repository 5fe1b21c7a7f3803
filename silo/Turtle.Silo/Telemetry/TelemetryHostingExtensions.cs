using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Turtle.Actors.Configuration;
using Turtle.Actors.Runtime.Diagnostics;

namespace Turtle.Silo.Telemetry;

/// <summary>
/// The silo's self-observability: its metrics (runtime and silo meters) served at <c>/metrics</c>; traces and metrics
/// over OTLP when <c>Turtle:Telemetry:OtlpEndpoint</c> is set (nothing registered otherwise); JSON console logs when
/// <c>Turtle:Logging:Json</c> is true.
/// </summary>
public static class TelemetryHostingExtensions
{
    public const string JsonLogsSetting = "Turtle:Logging:Json";

    public static WebApplicationBuilder AddSiloTelemetry(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddMetrics();
        services.AddSingleton<CollectorReports>();
        services.AddSingleton<SiloTelemetry>();
        services.AddSingleton<PrometheusMetrics>();
        services.AddHostedService<TelemetryStartup>();
        services.AddHostedService<ChangeFeedLagMeter>();
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();

        if (builder.Configuration.GetValue<bool>(JsonLogsSetting))
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.IncludeScopes = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        // Read now: whether OTLP exists decides which services exist. The validator still names a bad value at start.
        var otlp = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (otlp.Endpoint is { } endpoint && endpoint.IsAbsoluteUri && endpoint.Scheme.StartsWith("http", StringComparison.Ordinal))
        {
            AddOtlp(builder, otlp, endpoint);
        }

        return builder;
    }

    private static void AddOtlp(WebApplicationBuilder builder, TelemetryOptions options, Uri endpoint)
    {
        var interval = (int)options.ExportInterval.TotalMilliseconds;
        var silo = builder.Configuration["Turtle:SiloName"];
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName, serviceInstanceId: string.IsNullOrWhiteSpace(silo) ? null : silo))
            .WithTracing(tracing => tracing
                .AddSource(RuntimeTelemetry.ActivitySourceName)
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter(otlp =>
                {
                    otlp.Protocol = OtlpExportProtocol.HttpProtobuf;
                    otlp.Endpoint = new Uri(endpoint, "v1/traces");
                    otlp.BatchExportProcessorOptions.ScheduledDelayMilliseconds = interval;
                }))
            .WithMetrics(metrics => metrics
                .AddMeter(RuntimeTelemetry.MeterName, SiloTelemetry.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddOtlpExporter((otlp, reader) =>
                {
                    otlp.Protocol = OtlpExportProtocol.HttpProtobuf;
                    otlp.Endpoint = new Uri(endpoint, "v1/metrics");
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval;
                }));
    }

    /// <summary>Creates the meters and the listener at start, so figures count from the first call, scraped or not.</summary>
    private sealed class TelemetryStartup(SiloTelemetry telemetry, PrometheusMetrics metrics) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            GC.KeepAlive(telemetry);
            GC.KeepAlive(metrics);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
