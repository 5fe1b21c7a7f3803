using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Turtle.Collector.Buffering;
using Turtle.Collector.Citizen;
using Turtle.Collector.Configuration;
using Turtle.Twin.Observations;

namespace Turtle.Collector.Agent;

/// <summary>
/// Samples one observed host every interval and appends the observation to that host's buffer; the shipper takes it
/// from there. A failed sample (a scrape target down) skips that interval: logged when it starts failing and when it
/// recovers, not every time. Only the observer of the machine the collector runs on gets a <see cref="CollectorSelf"/>
/// (sent as <c>self</c>); scrape targets' batches carry none, since the collector's cost is not theirs.
/// </summary>
public sealed partial class HostObserver(ObservedHost host, IHostSampler sampler, DiskBuffer buffer, CollectorSelf? self,
    TimeSpan interval, TimeProvider time, CostMeter costs, ILogger logger)
{
    private int _failures;

    /// <summary>Samples now and then every interval until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            await ObserveOnceAsync(cancellationToken).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Takes one sample and appends it to the buffer.</summary>
    public async Task ObserveOnceAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        HostSample sample;
        try
        {
            sample = await sampler.SampleAsync(time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (_failures++ == 0)
            {
                LogSampleFailed(logger, host.Key, exception.Message);
            }

            return;
        }

        CountSamplingCost(started);
        if (_failures > 0)
        {
            LogSampleRecovered(logger, host.Key, _failures);
            _failures = 0;
        }

        var health = self?.Report();
        started = Stopwatch.GetTimestamp();
        try
        {
            buffer.Append(seq => JsonSerializer.SerializeToUtf8Bytes(Observation(sample, seq, health), CollectorJson.Default.Observation));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            LogAppendFailed(logger, host.Key, buffer.Directory, exception.Message);
        }

        costs.AddSince(CostPart.BufferWrites, started);
    }

    private Observation Observation(HostSample sample, long seq, CollectorHealth? health) =>
        sample.ToObservation(host.CollectorId, seq, host.Dc, host.Host, interval.TotalSeconds) with { Self = health };

    private void CountSamplingCost(long started)
    {
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (sampler is HostSampler local)
        {
            costs.Add(CostPart.Processes, local.LastProcessesElapsed);
            // Waiting on link probes is the network's time, not the collector's CPU: it is no cost to the host.
            costs.Add(CostPart.HostMetrics, elapsed - local.LastProcessesElapsed - local.LastLinksWait);
        }
        else
        {
            costs.Add(CostPart.Scraping, elapsed);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Host}: sampling failed ({Reason}); skipping intervals until it works again")]
    private static partial void LogSampleFailed(ILogger logger, string host, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Host}: sampling works again after {Failures} failed intervals")]
    private static partial void LogSampleRecovered(ILogger logger, string host, int failures);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Host}: could not append to the buffer in {Directory} ({Reason}); this sample is lost")]
    private static partial void LogAppendFailed(ILogger logger, string host, string directory, string reason);
}
