using System.Net.Http.Headers;
using System.Text;

namespace Turtle.Collector.Scrape;

/// <summary>
/// Fetches one exposition over HTTP (node_exporter's <c>/metrics</c>), within a timeout and a size bound: a router
/// that stops answering, or answers forever, must not stall the collector's other work.
/// </summary>
/// <param name="http">The client; its handler decides TLS and proxies. Shared, not disposed here.</param>
/// <param name="endpoint">The exposition's address, such as <c>http://192.168.1.1:9100/metrics</c>.</param>
/// <param name="timeout">The longest a scrape may take, headers and body together.</param>
public sealed class PrometheusScraper(HttpClient http, Uri endpoint, TimeSpan timeout)
{
    /// <summary>The largest exposition read (a router's is some tens of kilobytes).</summary>
    public const int MaxBytes = 16 * 1024 * 1024;

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    public Uri Endpoint { get; } = endpoint;

    /// <summary>The exposition text.</summary>
    /// <exception cref="TimeoutException">No complete answer within the timeout.</exception>
    /// <exception cref="HttpRequestException">No connection, or a status other than success.</exception>
    /// <exception cref="InvalidDataException">The answer is larger than <see cref="MaxBytes"/>.</exception>
    public async Task<string> ScrapeAsync(CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Endpoint);
            request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("text/plain; version=0.0.4"));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"Scraping {Endpoint} answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
            }

            return await ReadBoundedAsync(response.Content, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Scraping {Endpoint} took longer than {timeout.TotalSeconds:0.###} s.");
        }
    }

    private async Task<string> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxBytes)
        {
            throw TooLarge();
        }

        await using var body = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private InvalidDataException TooLarge() => new($"Scraping {Endpoint} answered more than {MaxBytes} bytes.");
}
