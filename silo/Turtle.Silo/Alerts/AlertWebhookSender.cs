using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Turtle.Twin.Alerts;

namespace Turtle.Silo.Alerts;

/// <summary>
/// Posts each queued alert transition to every configured URL, retrying a failed attempt (no answer, timeout, 5xx,
/// 408, 429) after a backoff doubled each time up to <c>MaxBackoff</c>, and giving up with a warning after
/// <c>MaxAttempts</c>. A 2xx ends the delivery (one notification per transition); other 4xx are not retried. Up to
/// <see cref="Concurrency"/> deliveries run at once, so one slow receiver does not hold up the queue.
/// </summary>
internal sealed class AlertWebhookSender(
    AlertWebhookQueue queue,
    IOptions<AlertWebhookOptions> options,
    Actors.Runtime.Silo silo,
    TimeProvider time,
    ILogger<AlertWebhookSender> logger) : BackgroundService
{
    private const int Concurrency = 8;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromSeconds(5) })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(Concurrency);
        var running = new List<Task>();
        try
        {
            await foreach (var transition in queue.Reader.ReadAllAsync(stoppingToken))
            {
                foreach (var url in options.Value.Urls)
                {
                    await slots.WaitAsync(stoppingToken);
                    running.RemoveAll(t => t.IsCompleted);
                    running.Add(DeliverAsync(new Uri(url), transition, slots, stoppingToken));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down: deliveries in flight end with the token
        }

        await Task.WhenAll(running);
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    private async Task DeliverAsync(Uri url, HostAlert transition, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        try
        {
            var settings = options.Value;
            var backoff = settings.Backoff;
            for (var attempt = 1; attempt <= settings.MaxAttempts; attempt++)
            {
                var (done, reason) = await AttemptAsync(url, transition, attempt, settings.Timeout, stoppingToken);
                if (done)
                {
                    return;
                }

                if (reason is null)
                {
                    return; // refused for good (a 4xx): logged by the attempt
                }

                if (attempt == settings.MaxAttempts)
                {
                    logger.LogWarning("Alert webhook {Url} gave up on {Key} after {Attempts} attempts; last: {Reason}", url, transition.IdempotencyKey, attempt, reason);
                    return;
                }

                logger.LogInformation("Alert webhook {Url} attempt {Attempt} for {Key} failed ({Reason}); retrying in {Backoff}", url, attempt, transition.IdempotencyKey, reason, backoff);
                await Task.Delay(backoff, time, stoppingToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, settings.MaxBackoff.Ticks));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("Alert webhook {Url}: the notification of {Key} was not delivered before shutdown", url, transition.IdempotencyKey);
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>One POST: (true, null) when accepted, (false, reason) when worth retrying, (false, null) when refused for good.</summary>
    private async Task<(bool Done, string? Reason)> AttemptAsync(Uri url, HostAlert transition, int attempt, TimeSpan timeout, CancellationToken stoppingToken)
    {
        var payload = new AlertWebhookPayload(transition.IdempotencyKey, transition.State.ToString().ToLowerInvariant(), transition, silo.Name, time.GetUtcNow(), attempt);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(payload, options: Json) };
        request.Headers.Add("Idempotency-Key", transition.IdempotencyKey);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        limit.CancelAfter(timeout);
        try
        {
            using var response = await _http.SendAsync(request, limit.Token);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                logger.LogDebug("Alert webhook {Url} accepted {Key} (attempt {Attempt})", url, transition.IdempotencyKey, attempt);
                return (true, null);
            }

            if (status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
            {
                return (false, $"HTTP {status}");
            }

            logger.LogWarning("Alert webhook {Url} refused {Key} with HTTP {Status}; not retried", url, transition.IdempotencyKey, status);
            return (false, null);
        }
        catch (HttpRequestException exception)
        {
            return (false, exception.Message);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return (false, $"no answer within {timeout}");
        }
    }
}
