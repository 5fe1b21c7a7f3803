using System.Net;
using System.Text;
using System.Text.Json;

namespace Turtle.Cli.Tests.Processes;

/// <summary>
/// A loopback HTTP server that answers every request with one error, as a silo in trouble (or a proxy in front of
/// one) does: <c>/health/ready</c> with the silo's own health JSON and every other path with problem+json (or plain
/// text). A real silo answers 5xx only in states that are slow or racy to reach (shutting down, storage gone), and the
/// CLI sees nothing but the status and the body, so the tests give it exactly those.
/// </summary>
public sealed class TroubledServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    /// <param name="status">The status of every answer but <c>/health/ready</c>'s.</param>
    /// <param name="ready">The status of <c>/health/ready</c>: 503 (not ready) with the unhealthy checks, 200, or another
    /// status answered as every other path is.</param>
    /// <param name="body">The body of every other answer; null: problem+json with <see cref="Title"/> and <see cref="Detail"/>.</param>
    public TroubledServer(HttpStatusCode status, HttpStatusCode ready = HttpStatusCode.ServiceUnavailable, string? body = null)
    {
        Status = status;
        Ready = ready;
        Body = body;
        var port = FleetSilo.ClosedPort();
        Server = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Server + "/");
        _listener.Start();
        _serving = ServeAsync();
    }

    public const string Title = "Twin store unavailable";
    public const string Detail = "PostgreSQL did not answer within 5 s.";
    public const string StorageCheck = "Grain storage did not answer within 1 s.";

    public HttpStatusCode Status { get; }

    public HttpStatusCode Ready { get; }

    public string? Body { get; }

    public string Server { get; }

    /// <summary>The paths asked for, in order: a test can check the CLI reached the answer it claims to report.</summary>
    public List<string> Requests { get; } = [];

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _serving;
        }
        catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var path = context.Request.Url!.AbsolutePath;
            lock (Requests)
            {
                Requests.Add(path);
            }

            // A health check that throws is the silo's exception handler's problem+json, as on any other path.
            var (status, contentType, text) = path == "/health/ready" && Ready is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable ? Health() : Answer();
            var bytes = Encoding.UTF8.GetBytes(text);
            context.Response.StatusCode = (int)status;
            context.Response.ContentType = contentType;
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    /// <summary>What the silo's HealthResponseWriter writes: the overall status and each check with its reason.</summary>
    private (HttpStatusCode, string, string) Health() => (Ready, "application/json; charset=utf-8", JsonSerializer.Serialize(new
    {
        status = Ready == HttpStatusCode.OK ? "Healthy" : "Unhealthy",
        durationMs = 1001.2,
        checks = new object[]
        {
            new { name = "silo", status = "Healthy", description = "Silo silo-1 is active with 12 activations.", durationMs = 0.1 },
            new { name = "membership", status = "Healthy", description = "Active in the membership view, with 1 active silo.", durationMs = 0.1 },
            new { name = "storage", status = Ready == HttpStatusCode.OK ? "Healthy" : "Unhealthy", description = Ready == HttpStatusCode.OK ? "Grain storage answered." : StorageCheck, durationMs = 1001.0 },
        },
    }));

    private (HttpStatusCode, string, string) Answer() => Body is null
        ? (Status, "application/problem+json", JsonSerializer.Serialize(new { type = "https://tools.ietf.org/html/rfc9110#section-15.6", title = Title, status = (int)Status, detail = Detail }))
        : (Status, "text/plain; charset=utf-8", Body);
}
