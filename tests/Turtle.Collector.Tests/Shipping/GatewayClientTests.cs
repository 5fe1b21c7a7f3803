using System.IO.Compression;
using System.Net;
using System.Text;
using Turtle.Collector.Shipping;

namespace Turtle.Collector.Tests.Shipping;

/// <summary>One request to one gateway, and what its answer means.</summary>
public sealed class GatewayClientTests : IDisposable
{
    private const string A = "a:5080";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private readonly FakeGateways _gateways = new();
    private readonly HttpClient _http;
    private readonly RecordingTime _time = new();

    public GatewayClientTests() => _http = new HttpClient(_gateways) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

    public void Dispose() => _http.Dispose();

    [Theory]
    [InlineData("http://silo:5080", "http://silo:5080/api/v1/observations")]
    [InlineData("http://silo:5080/", "http://silo:5080/api/v1/observations")]
    [InlineData("https://twin.example/turtle", "https://twin.example/turtle/api/v1/observations")]
    [InlineData("http://silo:5080/api/v1/observations", "http://silo:5080/api/v1/observations")]
    [InlineData("http://silo:5080/api/v1/observations/", "http://silo:5080/api/v1/observations")]
    [InlineData("http://silo:5080/API/V1/Observations", "http://silo:5080/API/V1/Observations")]
    public void The_endpoint_of_a_gateway_given_by_its_base_or_by_the_endpoint_itself(string gateway, string expected)
    {
        Assert.Equal(new Uri(expected), GatewayClient.EndpointOf(new Uri(gateway)));
    }

    [Theory]
    [InlineData(200, GatewayVerdict.Accepted)]
    [InlineData(202, GatewayVerdict.Accepted)]
    [InlineData(204, GatewayVerdict.Accepted)]
    [InlineData(299, GatewayVerdict.Accepted)]
    [InlineData(400, GatewayVerdict.Refused)]
    [InlineData(422, GatewayVerdict.Refused)]
    [InlineData(413, GatewayVerdict.TooLarge)]
    [InlineData(409, GatewayVerdict.Unavailable)] // a read-only observer
    [InlineData(401, GatewayVerdict.Unavailable)]
    [InlineData(404, GatewayVerdict.Unavailable)]
    [InlineData(415, GatewayVerdict.Unavailable)]
    [InlineData(429, GatewayVerdict.Unavailable)]
    [InlineData(500, GatewayVerdict.Unavailable)]
    [InlineData(503, GatewayVerdict.Unavailable)]
    [InlineData(301, GatewayVerdict.Unavailable)]
    public void Each_status_has_its_verdict(int status, GatewayVerdict expected)
    {
        var answer = GatewayClient.Classify((HttpStatusCode)status, "");

        Assert.Equal(expected, answer.Verdict);
        Assert.Equal(status, answer.Status);
    }

    [Theory]
    [InlineData("""{"collector":"c","seq":1,"host":"dc1/web-1","duplicate":true}""", 1)]
    [InlineData("""{"collector":"c","seq":1,"host":"dc1/web-1","duplicate":false}""", 0)]
    [InlineData("""[{"seq":1,"duplicate":true},{"seq":2,"duplicate":false},{"seq":3,"duplicate":true}]""", 2)]
    [InlineData("""[{"seq":1,"duplicate":"true"},{"seq":2}]""", 0)] // only a JSON true counts
    [InlineData("[]", 0)]
    [InlineData("", 0)] // a 202 stored the batches whatever its body says
    [InlineData("accepted", 0)]
    [InlineData("[1,2,3]", 0)]
    public void Duplicates_are_counted_from_the_acknowledgements(string body, int expected)
    {
        var answer = GatewayClient.Classify(HttpStatusCode.Accepted, body);

        Assert.Equal(GatewayVerdict.Accepted, answer.Verdict);
        Assert.Equal(expected, answer.Duplicates);
    }

    [Fact]
    public void A_problem_is_summed_up_in_one_line_with_its_title_detail_and_first_errors()
    {
        var body = """
            {"title":"Invalid observation","status":400,"detail":"2 errors",
             "errors":{"$.seq":["must be positive"],"$.dc":["is required"],"$.host":["x"],"$.time":["y"]}}
            """;

        var detail = GatewayClient.Classify(HttpStatusCode.BadRequest, body).Detail;

        Assert.StartsWith("Invalid observation; 2 errors; $.seq: [\"must be positive\"]; $.dc: [\"is required\"]; $.host:", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("$.time", detail, StringComparison.Ordinal); // three at most
        Assert.DoesNotContain("\n", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "(no body)")]
    [InlineData("upstream\nconnect error", "upstream connect error")]
    [InlineData("{\"other\":1}", "{\"other\":1}")]
    public void An_answer_that_is_no_problem_is_given_as_it_is_on_one_line(string body, string expected)
    {
        Assert.Equal(expected, GatewayClient.Classify(HttpStatusCode.UnprocessableEntity, body).Detail);
    }

    [Fact]
    public void A_long_answer_is_cut_for_the_log()
    {
        var detail = GatewayClient.Classify(HttpStatusCode.BadRequest, new string('x', 5000)).Detail;

        Assert.Equal(501, detail.Length);
        Assert.EndsWith("…", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unavailable_gateway_detail_starts_with_its_status()
    {
        Assert.Equal("503 Busy", GatewayClient.Classify(HttpStatusCode.ServiceUnavailable, "{\"title\":\"Busy\"}").Detail);
    }

    [Fact]
    public async Task Posts_the_gzip_body_as_json_with_its_encoding_to_the_endpoint()
    {
        var json = "[{\"seq\":1},{\"seq\":2}]";
        var client = new GatewayClient(_http, Timeout, _time);

        var answer = await client.PostAsync(FakeGateways.Endpoint(A), Gzip(json), CancellationToken.None).WaitAsync(Guard);

        var request = Assert.Single(_gateways.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal(FakeGateways.Endpoint(A), request.Uri);
        Assert.Equal("application/json", request.ContentType);
        Assert.Equal("gzip", request.ContentEncoding);
        Assert.Equal([1L, 2], request.Seqs);
        Assert.Equal(new GatewayAnswer(GatewayVerdict.Accepted, 202, "accepted", 0), answer);
    }

    [Fact]
    public async Task A_refused_connection_is_an_unavailable_gateway_with_no_status()
    {
        _gateways.Refuse(A);

        var answer = await new GatewayClient(_http, Timeout, _time).PostAsync(FakeGateways.Endpoint(A), Gzip("{\"seq\":1}"), CancellationToken.None).WaitAsync(Guard);

        Assert.Equal(GatewayVerdict.Unavailable, answer.Verdict);
        Assert.Null(answer.Status);
        Assert.Contains("Connection refused", answer.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_answer_within_the_timeout_is_an_unavailable_gateway()
    {
        _gateways.Hang(A);
        var client = new GatewayClient(_http, Timeout, _time);

        var posting = client.PostAsync(FakeGateways.Endpoint(A), Gzip("{\"seq\":1}"), CancellationToken.None);
        await _gateways.Request(1).WaitAsync(Guard);
        _time.Advance(Timeout - TimeSpan.FromTicks(1));
        Assert.False(posting.IsCompleted);
        _time.Advance(TimeSpan.FromTicks(1));
        var answer = await posting.WaitAsync(Guard);

        Assert.Equal(GatewayVerdict.Unavailable, answer.Verdict);
        Assert.Null(answer.Status);
        Assert.Equal("no answer within 10 s", answer.Detail);
    }

    [Fact]
    public async Task Cancelling_the_caller_is_not_taken_for_a_timeout()
    {
        _gateways.Hang(A);
        using var stop = new CancellationTokenSource();

        var posting = new GatewayClient(_http, Timeout, _time).PostAsync(FakeGateways.Endpoint(A), Gzip("{\"seq\":1}"), stop.Token);
        await _gateways.Request(1).WaitAsync(Guard);
        stop.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => posting.WaitAsync(Guard));
    }

    [Fact]
    public async Task The_answer_body_is_read_for_duplicates()
    {
        _gateways.Accept(A, duplicates: [2]);

        var answer = await new GatewayClient(_http, Timeout, _time).PostAsync(FakeGateways.Endpoint(A), Gzip("[{\"seq\":1},{\"seq\":2}]"), CancellationToken.None).WaitAsync(Guard);

        Assert.Equal(1, answer.Duplicates);
    }

    private static byte[] Gzip(string json)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(json));
        }

        return output.ToArray();
    }
}
