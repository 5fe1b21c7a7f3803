using System.Net;
using System.Text;

namespace Turtle.Silo.Tests.Security;

/// <summary>The body limit as Kestrel enforces it in a silo process: a body without Content-Length is cut off at the limit with 413 problem+json.</summary>
public sealed class KestrelLimitTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("turtle-limits-").FullName;

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_413_problem_json()
    {
        using var silo = SiloProcess.Start(new Dictionary<string, string> { ["Turtle__DataDir"] = _directory });
        await silo.WaitReadyAsync(TimeSpan.FromSeconds(60));
        var json = "{\"collector\":\"dc1-a\",\"pad\":\"" + new string('x', 100 * 1024) + "\"}";
        // A stream of unknown length: sent chunked, so only Kestrel's limit can stop it.
        using var content = new StreamContent(new NoLengthStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await silo.Http.PostAsync("/api/v1/tokens", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(response.RequestMessage!.Content!.Headers.ContentLength);
        Assert.DoesNotContain("dc1-a", await silo.Http.GetStringAsync("/api/v1/tokens"));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private sealed class NoLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
