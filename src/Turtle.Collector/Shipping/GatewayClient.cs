using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Turtle.Collector.Shipping;

/// <summary>
/// Posts one gzip body to one gateway's <c>/api/v1/observations</c> within the request timeout and says what the
/// answer means (<see cref="GatewayVerdict"/>). It never retries: choosing the next gateway is the shipper's job.
/// </summary>
/// <param name="http">Shared; its handler decides TLS and proxies. Its own timeout should be infinite: this one applies.</param>
/// <param name="timeout">The longest one request may take, connecting included.</param>
/// <param name="time">The clock of the timeout. <value>Default the system's.</value></param>
/// <param name="token">The collector's API token, sent as <c>Authorization: Bearer</c> to gateways only (never to scrape targets). <value>Default none.</value></param>
public sealed class GatewayClient(HttpClient http, TimeSpan timeout, TimeProvider? time = null, string? token = null)
{
    public const string IngestPath = "api/v1/observations";

    private const int MaxAnswerBytes = 64 * 1024; // an acknowledgement array of a full request is a few kilobytes
    private const int MaxDetailLength = 500;

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>The ingest endpoint of a gateway given by its base address (<c>http://silo:5080</c>) or by the endpoint itself.</summary>
    public static Uri EndpointOf(Uri gateway)
    {
        var text = gateway.AbsoluteUri.TrimEnd('/');
        return text.EndsWith("/" + IngestPath, StringComparison.OrdinalIgnoreCase) ? new Uri(text) : new Uri(text + "/" + IngestPath);
    }

    public async Task<GatewayAnswer> PostAsync(Uri endpoint, byte[] gzipBody, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, time ?? TimeProvider.System);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(gzipBody) };
            request.Content.Headers.ContentType = Json;
            request.Content.Headers.ContentEncoding.Add("gzip");
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var response = await http.SendAsync(request, linked.Token).ConfigureAwait(false);
            var answer = await ReadBoundedAsync(response.Content, linked.Token).ConfigureAwait(false);
            return Classify(response.StatusCode, answer);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new GatewayAnswer(GatewayVerdict.Unavailable, null, $"no answer within {timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException exception)
        {
            return new GatewayAnswer(GatewayVerdict.Unavailable, null, exception.InnerException?.Message ?? exception.Message);
        }
    }

    internal static GatewayAnswer Classify(HttpStatusCode status, string answer)
    {
        var code = (int)status;
        return code switch
        {
            >= 200 and < 300 => new GatewayAnswer(GatewayVerdict.Accepted, code, "accepted", CountDuplicates(answer)),
            400 or 422 => new GatewayAnswer(GatewayVerdict.Refused, code, Summary(answer)),
            413 => new GatewayAnswer(GatewayVerdict.TooLarge, code, Summary(answer)),
            // Not the batches' fault: they stay buffered while the token is fixed (or the rate limit passes).
            401 => new GatewayAnswer(GatewayVerdict.Unavailable, code, $"401 the gateway refused this collector's token (set token: or tokenFile:, from turtle tokens create): {Summary(answer)}"),
            403 => new GatewayAnswer(GatewayVerdict.Unavailable, code, $"403 this collector's token may not push observations (it must be a collector token): {Summary(answer)}"),
            _ => new GatewayAnswer(GatewayVerdict.Unavailable, code, $"{code} {Summary(answer)}"),
        };
    }

    private static async Task<string> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var body = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[MaxAnswerBytes];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await body.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false)) > 0)
        {
            read += n;
        }

        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    /// <summary>How many acknowledgements say <c>"duplicate": true</c> (an object for one batch, an array for several).</summary>
    private static int CountDuplicates(string answer)
    {
        try
        {
            using var json = JsonDocument.Parse(answer);
            var acks = json.RootElement.ValueKind == JsonValueKind.Array ? json.RootElement.EnumerateArray().ToList() : [json.RootElement];
            return acks.Count(a => a.ValueKind == JsonValueKind.Object && a.TryGetProperty("duplicate", out var d) && d.ValueKind == JsonValueKind.True);
        }
        catch (JsonException)
        {
            return 0; // a 202 stored the batches whatever its body says
        }
    }

    /// <summary>A problem+json answer in one line for a log: title, detail and the first few field errors.</summary>
    private static string Summary(string answer)
    {
        string text;
        try
        {
            using var json = JsonDocument.Parse(answer);
            var root = json.RootElement;
            var parts = new List<string>();
            foreach (var name in (string[])["title", "detail"])
            {
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    parts.Add(value.GetString()!);
                }
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                parts.AddRange(errors.EnumerateObject().Take(3).Select(e => $"{e.Name}: {e.Value}"));
            }

            text = parts.Count > 0 ? string.Join("; ", parts) : answer;
        }
        catch (JsonException)
        {
            text = answer;
        }

        text = text.ReplaceLineEndings(" ").Trim();
        return text.Length > MaxDetailLength ? text[..MaxDetailLength] + "…" : text.Length == 0 ? "(no body)" : text;
    }
}
