using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Turtle.Actors.Configuration;
using Turtle.Actors.Hosting;
using Turtle.Twin;
using Turtle.Twin.Changes;
using Turtle.Twin.Hosts;
using Turtle.Twin.Observations;
using Turtle.Twin.Queries;

namespace Turtle.Silo.Twin;

/// <summary>Hosts the twin in this silo: its grains, DC-affine placement, its options, the local change feed and the queries.</summary>
public static class SiloTwinExtensions
{
    public static ISiloBuilder AddTwin(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.AddGrainAssembly(typeof(HostGrain).Assembly);
        silo.AddPlacementFilter(new DcAffinityPlacementFilter());
        var services = silo.Services;
        services.AddOptions<TwinOptions>().Bind(configuration.GetSection(TwinOptions.SectionName));
        services.AddOptions<IngestOptions>().Bind(configuration.GetSection(IngestOptions.SectionName)).ValidateOnStart()
            .Validate(o => o.MaxBodyBytes >= 1024, $"{IngestOptions.SectionName}:MaxBodyBytes must be at least 1024")
            .Validate(o => o.RateLimit.Requests >= 1, $"{IngestOptions.SectionName}:RateLimit:Requests must be at least 1")
            .Validate(o => o.RateLimit.Window >= TimeSpan.FromSeconds(1) && o.RateLimit.Window / Math.Max(1, o.RateLimit.Requests) >= TimeSpan.FromMilliseconds(1),
                $"{IngestOptions.SectionName}:RateLimit:Window must be at least 00:00:01 and at least 1 ms per request");
        // The accepted time window is history's: older samples are past raw retention, and the store refuses them.
        services.AddSingleton(sp =>
        {
            var history = sp.GetRequiredService<IOptions<HistoryOptions>>().Value;
            var limits = ObservationLimits.Default with { MaxAge = history.RawRetention, MaxFutureSkew = history.MaxFutureSkew };
            return new ObservationReader(limits, sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton<ITwinSource>(sp => new GrainTwinSource(sp.GetRequiredService<IGrainFactory>()));
        services.AddSingleton(sp => new TwinQueries(sp.GetRequiredService<ITwinSource>()));
        services.AddSingleton<LocalChangeFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<LocalChangeFeed>());
        return silo;
    }
}
