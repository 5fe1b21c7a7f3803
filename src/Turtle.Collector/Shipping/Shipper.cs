using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Turtle.Collector.Buffering;
using Turtle.Collector.Citizen;

namespace Turtle.Collector.Shipping;

/// <summary>
/// Sends one observed host's buffered batches to the gateways, oldest first, and acknowledges them in the buffer once
/// a gateway accepted them. It sticks to the gateway that last accepted and moves to the next in order at once when it
/// cannot take the batches (409, 5xx, no connection, no answer in time); when a whole round of gateways fails it waits
/// (<see cref="Backoff"/>) and tries again, for ever, while the buffer keeps the batches. A batch refused for good (400,
/// 422) is found by sending the request's batches one at a time and is dropped alone; a 413 halves the batches per
/// request. One shipper per buffer; it is the only reader of that buffer.
/// </summary>
public sealed partial class Shipper
{
    private readonly DiskBuffer _buffer;
    private readonly GatewayClient _client;
    private readonly IReadOnlyList<Uri> _gateways;
    private readonly ShipperOptions _options;
    private readonly string _host;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CostMeter? _costs;
    private readonly Backoff _backoff;
    private int _current;
    private int _batchLimit;
    private long _isolateThrough;
    private long? _outageStartedAt;

    /// <summary>
    /// A shipper of <paramref name="buffer"/> to <paramref name="gateways"/>, ingest endpoints
    /// (<see cref="GatewayClient.EndpointOf"/>) in order of preference. <paramref name="host"/> names the observed host
    /// in logs (<c>dc1/web-1</c>); <paramref name="random"/> draws the back-off's jitter.
    /// </summary>
    public Shipper(DiskBuffer buffer, GatewayClient client, IReadOnlyList<Uri> gateways, ShipperOptions options, string host,
        TimeProvider time, ILogger logger, CostMeter? costs = null, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(gateways.Count);
        _buffer = buffer;
        _client = client;
        _gateways = gateways;
        _options = options;
        _host = host;
        _time = time;
        _logger = logger;
        _costs = costs;
        _backoff = new Backoff(TimeSpan.FromSeconds(options.BackoffInitialSeconds), TimeSpan.FromSeconds(options.BackoffMaxSeconds), random);
        _batchLimit = options.BatchesPerRequest;
    }

    /// <summary>The batches the next request may carry: halved by each 413, back to the setting once the backlog is sent.</summary>
    public int BatchLimit => _batchLimit;

    /// <summary>Ships until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await _buffer.WaitForPendingAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await ShipOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // The buffer could not be read or its state saved (disk full, permissions): the batches stay and are sent again.
                var delay = _backoff.Next();
                LogBufferFailed(_logger, _host, exception.Message, delay);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Sends one request's worth of the oldest batches to the first gateway that takes it; waits the back-off when none does.</summary>
    public async Task ShipOnceAsync(CancellationToken cancellationToken)
    {
        var limit = _isolateThrough > 0 ? 1 : _batchLimit;
        // Brackets and commas of the array count against the gateway's limit too.
        var batches = _buffer.Peek(limit, _options.MaxRequestBytes - limit - 1);
        if (batches.Count == 0)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var body = RequestBody.Gzip(batches);
        _costs?.AddSince(CostPart.RequestBodies, started);

        var (answer, gateway, failures) = await SendToAnyGatewayAsync(body, cancellationToken).ConfigureAwait(false);
        var first = batches[0].Seq;
        var last = batches[^1].Seq;
        switch (answer.Verdict)
        {
            case GatewayVerdict.Accepted:
                Accepted(gateway, batches.Count, first, last, answer.Duplicates);
                break;
            case GatewayVerdict.Refused when batches.Count > 1:
                _isolateThrough = last;
                LogIsolating(_logger, _host, batches.Count, first, last, answer.Status, answer.Detail);
                break;
            case GatewayVerdict.TooLarge when batches.Count > 1:
                _batchLimit = Math.Max(1, batches.Count / 2);
                LogHalving(_logger, _host, batches.Count, _batchLimit);
                break;
            case GatewayVerdict.Refused or GatewayVerdict.TooLarge:
                _buffer.Reject(first);
                EndIsolationAfter(first);
                LogRejected(_logger, _host, first, answer.Status, gateway, answer.Detail, _buffer.Depth.RejectedBatches);
                break;
            default:
                await WaitAfterFailedRoundAsync(batches.Count, string.Join("; ", failures), cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Tries the gateways in order from the current one, until one gives an answer other than Unavailable or each was tried once.</summary>
    private async Task<(GatewayAnswer Answer, Uri Gateway, List<string> Failures)> SendToAnyGatewayAsync(byte[] body, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        GatewayAnswer answer = null!;
        for (var tried = 0; tried < _gateways.Count; tried++)
        {
            var gateway = _gateways[_current];
            answer = await _client.PostAsync(gateway, body, cancellationToken).ConfigureAwait(false);
            if (answer.Verdict != GatewayVerdict.Unavailable)
            {
                return (answer, gateway, failures);
            }

            failures.Add($"{gateway.Authority}: {answer.Detail}");
            if (answer.Status is 401 or 403)
            {
                // Retrying cannot help until someone fixes the token: say so loudly (the batches stay in the buffer).
                LogTokenRefused(_logger, _host, gateway, answer.Detail, _buffer.Depth.Batches);
            }
            else
            {
                LogGatewayUnavailable(_logger, _host, gateway, answer.Detail);
            }
            _current = (_current + 1) % _gateways.Count;
        }

        return (answer, _gateways[_current], failures);
    }

    private void Accepted(Uri gateway, int count, long first, long last, int duplicates)
    {
        _buffer.Acknowledge(last);
        _backoff.Reset();
        EndIsolationAfter(last);
        var waiting = _buffer.Depth.Batches;
        if (_outageStartedAt is { } since)
        {
            _outageStartedAt = null;
            LogRecovered(_logger, _host, gateway, _time.GetElapsedTime(since), waiting);
        }

        if (duplicates > 0)
        {
            // Expected after a lost answer; every time, it means another collector used this id or the buffer was lost.
            LogDuplicates(_logger, _host, duplicates, count, first, last);
        }

        if (waiting == 0)
        {
            _batchLimit = _options.BatchesPerRequest;
        }

        LogAccepted(_logger, _host, count, first, last, gateway);
    }

    private void EndIsolationAfter(long seq)
    {
        if (_isolateThrough > 0 && seq >= _isolateThrough)
        {
            _isolateThrough = 0;
        }
    }

    private async Task WaitAfterFailedRoundAsync(int count, string failures, CancellationToken cancellationToken)
    {
        var delay = _backoff.Next();
        if (_outageStartedAt is null)
        {
            _outageStartedAt = _time.GetTimestamp();
            LogOutage(_logger, _host, count, failures, delay);
        }
        else
        {
            LogStillDown(_logger, _host, _backoff.Failures, failures, delay);
        }

        await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Host}: the buffer failed ({Reason}); trying again in {Delay}")]
    private static partial void LogBufferFailed(ILogger logger, string host, string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Host}: gateway {Gateway} accepted {Count} batches (seq {First} to {Last})")]
    private static partial void LogAccepted(ILogger logger, string host, int count, long first, long last, Uri gateway);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Host}: gateway {Gateway} refused the collector's credentials: {Detail}. Nothing is lost: {Waiting} batches stay in the buffer and are sent once the token is accepted")]
    private static partial void LogTokenRefused(ILogger logger, string host, Uri gateway, string detail, long waiting);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Host}: gateway {Gateway} cannot take batches now ({Detail}); trying the next")]
    private static partial void LogGatewayUnavailable(ILogger logger, string host, Uri gateway, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Host}: no gateway accepted {Count} batches ({Failures}); keeping them in the buffer and trying again in {Delay}")]
    private static partial void LogOutage(ILogger logger, string host, int count, string failures, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Host}: round {Round} failed ({Failures}); next in {Delay}")]
    private static partial void LogStillDown(ILogger logger, string host, int round, string failures, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Host}: gateway {Gateway} accepts batches again after {Outage}; {Waiting} more batches to back-fill")]
    private static partial void LogRecovered(ILogger logger, string host, Uri gateway, TimeSpan outage, long waiting);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Host}: the silo already had {Duplicates} of {Count} batches (seq {First} to {Last}); expected after a lost answer, otherwise another collector uses this id")]
    private static partial void LogDuplicates(ILogger logger, string host, int duplicates, int count, long first, long last);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Host}: a request of {Count} batches (seq {First} to {Last}) was refused ({Status}: {Detail}); sending them one at a time to find the bad one")]
    private static partial void LogIsolating(ILogger logger, string host, int count, long first, long last, int? status, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Host}: a request of {Count} batches was too large (413); sending at most {Limit} per request")]
    private static partial void LogHalving(ILogger logger, string host, int count, int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Host}: dropped batch seq {Seq}: gateway {Gateway} refused it for good ({Status}: {Detail}); {Total} dropped as refused so far")]
    private static partial void LogRejected(ILogger logger, string host, long seq, int? status, Uri gateway, string detail, long total);
}
