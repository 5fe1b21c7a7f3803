using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Turtle.Twin.Changes;

namespace Turtle.Silo.Api;

/// <summary>
/// <c>GET /api/v1/changes?prefix=dc1/</c>: the twin's change feed as server-sent events (event <c>change</c>, data a
/// <see cref="TwinChange"/>). A reader that falls behind gets a <c>gap</c> event with the number of changes it lost;
/// it should then re-read the twins it shows.
/// </summary>
public static class ChangeApi
{
    public static IEndpointRouteBuilder MapChangeApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/changes", (LocalChangeFeed feed, string? prefix, CancellationToken cancellationToken) =>
                TypedResults.ServerSentEvents(StreamAsync(feed, prefix, cancellationToken)))
            .WithTags("Changes").WithName("GetChanges").WithSummary("Follow twin changes as server-sent events");
        return endpoints;
    }

    private static async IAsyncEnumerable<SseItem<object>> StreamAsync(LocalChangeFeed feed, string? prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var subscription = feed.Subscribe(string.IsNullOrEmpty(prefix) ? null : prefix);
        long reported = 0;
        // A comment-free first event, so clients (and proxies) see the stream open before the first change.
        yield return new SseItem<object>(new { connected = feed.Connected }, "ready");
        while (await subscription.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (subscription.Dropped > reported)
            {
                yield return new SseItem<object>(new { lost = subscription.Dropped - reported }, "gap");
                reported = subscription.Dropped;
            }

            while (subscription.Reader.TryRead(out var change))
            {
                yield return new SseItem<object>(change, "change");
            }
        }
    }
}
