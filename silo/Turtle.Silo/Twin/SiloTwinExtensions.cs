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
        services.AddOptions<IngestOptions>().Bind(configuration.GetSection(IngestOptions.SectionName));
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
