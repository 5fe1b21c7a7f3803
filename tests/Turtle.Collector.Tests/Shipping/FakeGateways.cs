using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Turtle.Twin;

namespace Turtle.Collector.Tests.Shipping;

/// <summary>
/// One request a fake gateway received, its gzip body decompressed and parsed: the authority it was sent to
/// (<c>a:5080</c>), the seq of each batch in body order, whether the body was a JSON array rather than one object,
/// and the body's length after decompression.
/// </summary>
internal sealed record GatewayRequest(Uri Uri, string Gateway, long[] Seqs, bool IsArray, int BodyBytes, string? ContentType, string ContentEncoding, HttpMethod Method);

/// <summary>
/// Gateways in memory, for unit tests: an <see cref="HttpMessageHandler"/> that records every request and answers as
/// the test told the gateway it was sent to (by authority). A gateway with no answer set accepts, the way the silo
/// does: 202 with one acknowledgement per batch (an array for an array).
/// </summary>
internal sealed class FakeGateways : HttpMessageHandler
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Func<GatewayRequest, CancellationToken, Task<HttpResponseMessage>>> _answers = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<GatewayRequest> _requests = [];
    private readonly List<(int Count, TaskCompletionSource<GatewayRequest> Signal)> _waiters = [];

    public IReadOnlyList<GatewayRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return _requests.ToList();
            }
        }
    }

    /// <summary>The authorities the requests went to, in order.</summary>
    public string[] Order => Requests.Select(r => r.Gateway).ToArray();

    /// <summary>Completes with the <paramref name="n"/>th request (from 1) once it has arrived; at once if it has.</summary>
    public Task<GatewayRequest> Request(int n)
    {
        lock (_lock)
        {
            if (_requests.Count >= n)
            {
                return Task.FromResult(_requests[n - 1]);
            }

            var signal = new TaskCompletionSource<GatewayRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((n, signal));
            return signal.Task;
        }
    }

    public static Uri Endpoint(string authority) => new($"http://{authority}/api/v1/observations");

    public FakeGateways Answer(string gateway, Func<GatewayRequest, HttpResponseMessage> answer) =>
        Set(gateway, (request, _) => Task.FromResult(answer(request)));

    /// <summary>Every request to <paramref name="gateway"/> gets <paramref name="status"/> and <paramref name="body"/>.</summary>
    public FakeGateways Status(string gateway, HttpStatusCode status, string body = "") => Answer(gateway, _ => Respond(status, body));

    /// <summary>Accepts; the batches numbered in <paramref name="duplicates"/> are acknowledged as stored before.</summary>
    public FakeGateways Accept(string gateway, params long[] duplicates) => Answer(gateway, request => Acknowledge(request, duplicates));

    /// <summary>Nobody listens: the connection is refused.</summary>
    public FakeGateways Refuse(string gateway) =>
        Set(gateway, (_, _) => Task.FromException<HttpResponseMessage>(new HttpRequestException($"Connection refused ({gateway})")));

    /// <summary>Connects but never answers, until the request is cancelled.</summary>
    public FakeGateways Hang(string gateway) => Set(gateway, async (_, cancellationToken) =>
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("unreachable");
    });

    public static HttpResponseMessage Respond(HttpStatusCode status, string body = "", string mediaType = "application/problem+json") =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };

    /// <summary>The silo's answer to <paramref name="request"/>: 202 and an <see cref="ObservationAck"/> per batch.</summary>
    public static HttpResponseMessage Acknowledge(GatewayRequest request, params long[] duplicates)
    {
        var acks = request.Seqs.Select(seq => new ObservationAck("dc1-web-1", seq, "dc1/web-1", duplicates.Contains(seq))).ToArray();
        var body = request.IsArray ? JsonSerializer.Serialize(acks, JsonSerializerOptions.Web) : JsonSerializer.Serialize(acks[0], JsonSerializerOptions.Web);
        return Respond(HttpStatusCode.Accepted, body, "application/json");
    }

    /// <summary>A validation problem as the silo writes one.</summary>
    public static string Problem(string title, string detail) =>
        JsonSerializer.Serialize(new { type = "about:blank", title, status = 400, detail, errors = new Dictionary<string, string[]> { ["$.metrics.cpu.percent"] = ["must be between 0 and 100"] } });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        var request = await Decode(message, cancellationToken);
        Func<GatewayRequest, CancellationToken, Task<HttpResponseMessage>>? answer;
        List<TaskCompletionSource<GatewayRequest>> arrived;
        lock (_lock)
        {
            _requests.Add(request);
            _answers.TryGetValue(request.Gateway, out answer);
            var count = _requests.Count;
            arrived = _waiters.Where(w => w.Count == count).Select(w => w.Signal).ToList();
            _waiters.RemoveAll(w => w.Count == count);
        }

        arrived.ForEach(s => s.TrySetResult(request));
        return await (answer ?? ((r, _) => Task.FromResult(Acknowledge(r))))(request, cancellationToken);
    }

    private FakeGateways Set(string gateway, Func<GatewayRequest, CancellationToken, Task<HttpResponseMessage>> answer)
    {
        lock (_lock)
        {
            _answers[gateway] = answer;
        }

        return this;
    }

    private static async Task<GatewayRequest> Decode(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        var content = message.Content ?? throw new InvalidOperationException("A request without a body.");
        var encoding = string.Join(",", content.Headers.ContentEncoding);
        var bytes = await content.ReadAsByteArrayAsync(cancellationToken);
        if (encoding == "gzip")
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            gzip.CopyTo(plain);
            bytes = plain.ToArray();
        }

        using var json = JsonDocument.Parse(bytes);
        var root = json.RootElement;
        var isArray = root.ValueKind == JsonValueKind.Array;
        var seqs = (isArray ? root.EnumerateArray().ToList() : [root]).Select(b => b.GetProperty("seq").GetInt64()).ToArray();
        var uri = message.RequestUri!;
        return new GatewayRequest(uri, uri.Authority, seqs, isArray, bytes.Length, content.Headers.ContentType?.MediaType, encoding, message.Method);
    }
}
