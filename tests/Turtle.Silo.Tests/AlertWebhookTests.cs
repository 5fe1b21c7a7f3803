using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Turtle.Actors.Testing;

namespace Turtle.Silo.Tests;

/// <summary>
/// The webhook notifier against a loopback receiver that answers 500 to the first two attempts: the silo retries with
/// backoff, the third attempt is accepted, and no fourth is made; every attempt carries the same idempotency key. A
/// receiver that never accepts gets exactly MaxAttempts attempts, after which the silo logs a warning and stops.
/// </summary>
public sealed class AlertWebhookTests : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(JsonNode Body, string? Header, int Status)> _attempts = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly string _url;
    private int _failuresLeft = 2;

    public AlertWebhookTests()
    {
        _url = $"http://127.0.0.1:{LoopbackPorts.Free()}/hook/";
        _listener.Prefixes.Add(_url);
        _listener.Start();
        _ = ServeAsync();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
    }

    [Fact]
    public async Task A_transition_is_retried_after_two_500s_and_accepted_exactly_once()
    {
        using var silo = new SiloFactory(AlertApiTests.DiskRule(new()
        {
            ["Turtle:Alerts:Webhooks:Urls:0"] = _url,
            ["Turtle:Alerts:Webhooks:Backoff"] = "00:00:00.050",
            ["Turtle:Alerts:Webhooks:MaxAttempts"] = "5",
        }));
        using var http = silo.CreateClient();

        await AlertApiTests.PostAsync(http, "nas", 1, dataPercent: 95);
        await Until(() => _attempts.Any(a => a.Status == 200), "the firing notification is accepted");
        await AlertApiTests.PostAsync(http, "nas", 2, dataPercent: 50);
        await Until(() => _attempts.Count(a => a.Status == 200) == 2, "the resolved notification is accepted");

        var firing = _attempts.Where(a => (string)a.Body["event"]! == "firing").ToList();
        Assert.Equal([500, 500, 200], firing.Select(a => a.Status));
        Assert.Equal([1, 2, 3], firing.Select(a => (int)a.Body["attempt"]!));
        var key = (string)firing[0].Body["idempotencyKey"]!;
        Assert.StartsWith("dc1/nas:disk-full:/data@", key, StringComparison.Ordinal);
        Assert.EndsWith(":firing", key, StringComparison.Ordinal);
        Assert.All(firing, a => Assert.Equal(key, (string)a.Body["idempotencyKey"]!));
        Assert.All(firing, a => Assert.Equal(key, a.Header));
        Assert.Equal("Firing", (string)firing[0].Body["alert"]!["state"]!);
        Assert.Equal(95, (double)firing[0].Body["alert"]!["value"]!, 3);

        var resolved = Assert.Single(_attempts, a => (string)a.Body["event"]! == "resolved");
        Assert.Equal(200, resolved.Status);
        Assert.EndsWith(":resolved", (string)resolved.Body["idempotencyKey"]!, StringComparison.Ordinal);
        Assert.Equal(4, _attempts.Count);
    }

    [Fact]
    public async Task A_receiver_that_keeps_failing_gets_max_attempts_then_a_logged_warning()
    {
        _failuresLeft = int.MaxValue;
        var warnings = new WarningLog();
        using var factory = new SiloFactory(AlertApiTests.DiskRule(new()
        {
            ["Turtle:Alerts:Webhooks:Urls:0"] = _url,
            ["Turtle:Alerts:Webhooks:Backoff"] = "00:00:00.020",
            ["Turtle:Alerts:Webhooks:MaxAttempts"] = "3",
        }));
        using var silo = factory.WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.AddProvider(warnings)));
        using var http = silo.CreateClient();

        await AlertApiTests.PostAsync(http, "nas", 1, dataPercent: 95);
        await Until(() => warnings.Messages.Any(m => m.Contains("gave up", StringComparison.Ordinal)), "the sender gives up");

        Assert.Equal(3, _attempts.Count);
        Assert.All(_attempts, a => Assert.Equal(500, a.Status));
        var warning = Assert.Single(warnings.Messages, m => m.Contains("gave up", StringComparison.Ordinal));
        Assert.Contains($"Alert webhook {_url} gave up on dc1/nas:disk-full:/data@", warning, StringComparison.Ordinal);
        Assert.Contains(":firing after 3 attempts; last: HTTP 500", warning, StringComparison.Ordinal);
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream);
            var body = JsonNode.Parse(await reader.ReadToEndAsync())!;
            var status = Interlocked.Decrement(ref _failuresLeft) >= 0 ? 500 : 200;
            _attempts.Enqueue((body, context.Request.Headers["Idempotency-Key"], status));
            context.Response.StatusCode = status;
            context.Response.Close();
        }
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(20);
        }
    }
}

/// <summary>Keeps the text of every warning logged (what an operator would see).</summary>
internal sealed class WarningLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();

    public IReadOnlyCollection<string> Messages => _messages;

    public ILogger CreateLogger(string categoryName) => new Logger(_messages);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                messages.Enqueue(formatter(state, exception));
            }
        }
    }
}
