using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Turtle.Actors.Configuration;
using Turtle.Collector;
using Turtle.Collector.Probes;
using Turtle.Silo.Telemetry;
using Turtle.Twin;
using Turtle.Twin.Observations;

namespace Turtle.Silo.Collector;

/// <summary>
/// The collector library inside the silo: samples this machine every interval and hands each observation straight to
/// its host twin (no HTTP, no buffer: the twin is in the same process). Sequence numbers are the sample's Unix time in
/// milliseconds, which keeps them increasing across silo restarts without any state of their own.
/// </summary>
internal sealed partial class EmbeddedCollector(
    IOptions<EmbeddedCollectorOptions> options,
    IOptions<ClusterOptions> cluster,
    IGrainFactory grains,
    ObservationReader reader,
    TimeProvider time,
    SiloTelemetry telemetry,
    ILogger<EmbeddedCollector> logger) : BackgroundService
{
    public const string CollectorId = "embedded";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled || !OperatingSystem.IsLinux())
        {
            logger.LogInformation("The embedded collector is off ({Reason})", settings.Enabled ? "not Linux" : "Turtle:Collector:Enabled is false");
            return;
        }

        var dc = DcOf(settings, cluster.Value);
        var host = HostOf(settings);
        var interval = IntervalOf(settings);
        var sampler = new HostSampler(new HostSamplerOptions { Root = settings.Root, Links = settings.Links.Select(LinkProbe.From).ToList() });
        var grain = grains.GetGrain<IHostGrain>(TwinKeys.Host(dc, host));
        logger.LogInformation("Observing this machine as {Dc}/{Host} every {Interval}", dc, host, interval);
        long seq = 0;
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                var now = time.GetUtcNow();
                seq = Math.Max(seq + 1, now.ToUnixTimeMilliseconds());
                var sample = await sampler.SampleAsync(now, stoppingToken);
                if (Checked(sample.ToObservation(CollectorId, seq, dc, host, interval.TotalSeconds)) is { } observation)
                {
                    await grain.Observe(observation);
                    telemetry.EmbeddedSample("stored");
                }
                else
                {
                    telemetry.EmbeddedSample("refused");
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                telemetry.EmbeddedSample("failed");
                // One failed sample (storage busy, silo starting) must not stop the next.
                logger.LogWarning(exception, "The embedded collector could not observe this machine; trying again in {Interval}", interval);
            }
        }
        while (await NextTickAsync(timer, stoppingToken));
    }

    /// <summary>Waits for the next interval; false once the silo stops.</summary>
    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// The observation as the ingest endpoint would accept it, or null (logged) when it would not: what the sampler
    /// produced goes through the same reader as every collector's JSON, so the twin sees nothing it would refuse.
    /// </summary>
    private Observation? Checked(Observation observation)
    {
        using var json = JsonSerializer.SerializeToDocument(observation, Json);
        var read = reader.Read(json.RootElement);
        if (read.IsValid)
        {
            return read.Batches[0];
        }

        logger.LogWarning("The embedded collector's observation was refused: {Errors}", string.Join("; ", read.Errors));
        return null;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    internal static string DcOf(EmbeddedCollectorOptions settings, ClusterOptions cluster) => settings.Dc ?? cluster.Dc;

    internal static string HostOf(EmbeddedCollectorOptions settings) => settings.Host ?? HostNameOf(Environment.MachineName);

    internal static TimeSpan IntervalOf(EmbeddedCollectorOptions settings) => TimeSpan.FromSeconds(Math.Clamp(settings.IntervalSeconds, 1, 3600));

    /// <summary>The machine's name as a twin host name: letters, digits, '.', '_' and '-' only.</summary>
    internal static string HostNameOf(string machineName)
    {
        var name = InvalidHostCharacters().Replace(machineName.ToLowerInvariant(), "-").Trim('-', '.', '_');
        name = name.Length > 128 ? name[..128] : name;
        return TwinKeys.IsHostName(name) ? name : "localhost";
    }

    [GeneratedRegex("[^a-z0-9._-]")]
    private static partial Regex InvalidHostCharacters();
}
