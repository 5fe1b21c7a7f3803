using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Turtle.Dashboard.Pages;
using Turtle.Twin.Changes;
using Turtle.Twin.Queries;

namespace Turtle.Dashboard.Live;

/// <summary>
/// <c>GET /dashboard/live?scope=fleet|dc|host&amp;key=…</c>: a page's server-sent event stream. On connect (and so on
/// every reconnect, whatever Last-Event-ID says) it sends every fragment of the page as it is now, so a dropped
/// connection loses nothing; then, per burst of changes that concern the page, the fragments again (<c>fragment</c>
/// events) and, for a host, the new chart point (<c>points</c>). Ends when the browser goes away, releasing the
/// subscription.
/// </summary>
internal static class LiveEndpoint
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/dashboard/live", (HttpContext http, LocalChangeFeed feed, FragmentRenderer renderer, TwinQueries twin) =>
                LiveScope.From(http.Request.Query, http.RequestServices) is { } scope
                    ? TypedResults.ServerSentEvents(StreamAsync(scope, feed, renderer, twin, http.RequestAborted))
                    : Results.Problem("scope must be fleet, alerts, dc (with key=dc1), host (with key=dc1/name), failover or cluster (in a silo).", statusCode: StatusCodes.Status400BadRequest))
            .ExcludeFromDescription();

    private static async IAsyncEnumerable<SseItem<string>> StreamAsync(LiveScope scope, LocalChangeFeed feed, FragmentRenderer renderer, TwinQueries twin,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var owned = scope;
        using var changes = feed.Subscribe(scope.KeyPrefix);
        long id = 0;
        DateTimeOffset? pointTime = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var fragment in scope.Fragments)
            {
                var html = await fragment.Render(renderer);
                yield return Event("fragment", JsonSerializer.Serialize(new { id = fragment.Id, html }, Json), ++id);
            }

            // A chart point per new observation (not per change: turning Lost contact adds no sample). The first pass
            // only notes the time: the page drew its history up to it.
            if (scope.HostKey is { } hostKey && await twin.GetHostAsync(hostKey) is { } host && host.LastSeen > pointTime.GetValueOrDefault(DateTimeOffset.MinValue))
            {
                if (pointTime is not null)
                {
                    yield return Event("points", JsonSerializer.Serialize(HostCharts.Point(host), Json), ++id);
                }

                pointTime = host.LastSeen;
            }

            if (scope.Period is { } period)
            {
                await Task.Delay(period, cancellationToken);
                continue;
            }

            // Wait for a change that concerns the page, then gather what else arrives within the scope's window.
            var concerned = false;
            while (!concerned)
            {
                var waiting = changes.Reader.WaitToReadAsync(cancellationToken).AsTask();
                if (await Task.WhenAny(waiting, Task.Delay(KeepAlive, cancellationToken)) != waiting)
                {
                    yield return Event("ping", "{}", ++id);
                    continue;
                }

                if (!await waiting)
                {
                    yield break; // the feed stopped: the silo is shutting down
                }

                concerned = Drain(changes, scope);
            }

            await Task.Delay(scope.Coalesce, cancellationToken);
            Drain(changes, scope);
        }
    }

    private static bool Drain(ChangeSubscription changes, LiveScope scope)
    {
        var concerned = changes.Dropped > 0;
        while (changes.Reader.TryRead(out var change))
        {
            concerned |= scope.Concerns(change);
        }

        return concerned;
    }

    private static SseItem<string> Event(string type, string data, long id) =>
        new(data, type) { EventId = id.ToString(CultureInfo.InvariantCulture) };
}
