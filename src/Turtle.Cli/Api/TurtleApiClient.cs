using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Turtle.Actors.History;
using Turtle.Twin.Alerts;
using Turtle.Twin.Twins;

namespace Turtle.Cli.Api;

/// <summary>
/// A typed client of a silo's HTTP API (<c>/api/v1</c>, <c>/health</c>). Every failure comes out as a
/// <see cref="CliException"/>: <see cref="ServerUnreachableException"/> when no silo answers,
/// <see cref="ApiProblemException"/> when one answers with an error (its problem+json read).
/// </summary>
public sealed class TurtleApiClient : IDisposable
{
    private static readonly TurtleJsonContext Json = TurtleJsonContext.Default;
    private readonly HttpClient _http;

    /// <param name="server">The silo's HTTP address.</param>
    /// <param name="timeout">How long one request may take. <value>Default 60 s.</value></param>
    /// <param name="handler">The HTTP handler (tests). <value>Default a SocketsHttpHandler.</value></param>
    /// <param name="token">An API token, sent with every request as <c>Authorization: Bearer</c>; null sends none.</param>
    public TurtleApiClient(Uri server, TimeSpan? timeout = null, HttpMessageHandler? handler = null, string? token = null)
    {
        Server = server;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) })
        {
            BaseAddress = server.AbsoluteUri.EndsWith('/') ? server : new Uri(server.AbsoluteUri + "/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        if (!string.IsNullOrWhiteSpace(token))
        {
            _http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.Trim());
        }

        RequestTimeout = timeout ?? TimeSpan.FromSeconds(60);
    }

    public Uri Server { get; }

    /// <summary>How long one request may take (not the change feed, which is followed until cancelled).</summary>
    public TimeSpan RequestTimeout { get; }

    /// <summary>
    /// <c>GET /health/ready</c>: ready on 200; not ready on 503 (starting, shutting down, or a check failing), with the
    /// failing checks; any other answer is an error.
    /// </summary>
    public async Task<Readiness> GetReadinessAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync("health/ready", cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => new Readiness(true, null),
            HttpStatusCode.ServiceUnavailable => new Readiness(false, Readiness.FailingChecks(await response.Content.ReadAsStringAsync(cancellationToken))),
            _ => throw await ProblemAsync(response, cancellationToken),
        };
    }

    public async Task<List<SiloInfo>> GetSilosAsync(CancellationToken cancellationToken) =>
        await GetAsync("api/v1/cluster/silos", Json.ListSiloInfo, cancellationToken) ?? [];

    public async Task<List<DcOverview>> GetDcsAsync(CancellationToken cancellationToken) =>
        await GetAsync("api/v1/dcs", Json.ListDcOverview, cancellationToken) ?? [];

    /// <summary>Hosts, worst health first; <paramref name="health"/> is a comma-separated list the server checks.</summary>
    public async Task<List<HostSummary>> GetHostsAsync(string? dc, string? health, CancellationToken cancellationToken) =>
        await GetAsync("api/v1/hosts" + Query(("dc", dc), ("health", health)), Json.ListHostSummary, cancellationToken) ?? [];

    /// <summary>The host's twin, or null when the API has no such host (404).</summary>
    public Task<HostTwin?> GetHostAsync(HostKey host, CancellationToken cancellationToken) =>
        GetAsync(HostPath(host), Json.HostTwin, cancellationToken, nullWhenNotFound: true);

    /// <summary>The processes the host last listed, busiest first, or null when the API has no such host.</summary>
    public Task<List<ProcessTwin>?> GetProcessesAsync(HostKey host, CancellationToken cancellationToken) =>
        GetAsync(HostPath(host) + "/processes", Json.ListProcessTwin, cancellationToken, nullWhenNotFound: true);

    /// <summary>The host's predictions, or null when the API has no such host (404); a 503 (its twin out of reach) is an error.</summary>
    public Task<HostPredictions?> GetPredictionsAsync(HostKey host, CancellationToken cancellationToken) =>
        GetAsync(HostPath(host) + "/predictions", Json.HostPredictions, cancellationToken, nullWhenNotFound: true);

    /// <summary><c>GET /api/v1/alerts</c>: alerts grouped per host; the filters are checked by the server (400 for a bad one).</summary>
    public async Task<AlertsView> GetAlertsAsync(string? state, string? severity, string? dc, string? host, CancellationToken cancellationToken) =>
        await GetAsync("api/v1/alerts" + Query(("state", state), ("severity", severity), ("dc", dc), ("host", host)), Json.AlertsView, cancellationToken)
        ?? new AlertsView(default, new AlertCounts(0, 0, 0, 0, 0, 0), []);

    public async Task<List<LinkTwin>> GetLinksAsync(string? dc, CancellationToken cancellationToken) =>
        await GetAsync("api/v1/links" + Query(("dc", dc)), Json.ListLinkTwin, cancellationToken) ?? [];

    public async Task<FleetGraph> GetGraphAsync(string? dc, bool processes, CancellationToken cancellationToken) =>
        await GetAsync("api/v1/graph" + Query(("dc", dc), ("processes", processes ? null : "false")), Json.FleetGraph, cancellationToken)
        ?? new FleetGraph([], []);

    /// <summary>One series of <paramref name="metric"/> per entity over [from, to), one point per non-empty step.</summary>
    public async Task<List<HistorySeries>> GetHistoryAsync(
        IEnumerable<string> entities, string metric, DateTimeOffset from, DateTimeOffset to, TimeSpan? step, CancellationToken cancellationToken)
    {
        var query = entities.Select(e => ("entity", (string?)e))
            .Append(("metric", metric))
            .Append(("from", from.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)))
            .Append(("to", to.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)))
            .Append(("step", step?.ToString("c", CultureInfo.InvariantCulture)));
        return await GetAsync("api/v1/history" + Query([.. query]), Json.ListHistorySeries, cancellationToken) ?? [];
    }

    /// <summary><c>GET /api/v1/failover</c>: the failover phase and epoch, each DC's judged health, the decision log, this silo's right to write.</summary>
    public async Task<FailoverView> GetFailoverAsync(CancellationToken cancellationToken) =>
        await GetAsync("api/v1/failover", Json.FailoverView, cancellationToken) ?? new FailoverView();

    /// <summary><c>GET /api/v1/replication</c>: the silo's read-only replicas and their lag.</summary>
    public async Task<ReplicationView> GetReplicationAsync(CancellationToken cancellationToken) =>
        await GetAsync("api/v1/replication", Json.ReplicationView, cancellationToken) ?? new ReplicationView();

    public async Task<List<TokenInfo>> ListTokensAsync(CancellationToken cancellationToken) =>
        await GetAsync("api/v1/tokens", Json.ListTokenInfo, cancellationToken) ?? [];

    public Task<IssuedTokenInfo> CreateTokenAsync(CreateTokenBody body, CancellationToken cancellationToken) =>
        PostAsync("api/v1/tokens", body, Json.CreateTokenBody, Json.IssuedTokenInfo, cancellationToken);

    public Task<IssuedTokenInfo> RotateTokenAsync(string id, TimeSpan? overlap, CancellationToken cancellationToken) =>
        PostAsync($"api/v1/tokens/{Uri.EscapeDataString(id)}/rotate", new RotateTokenBody(overlap), Json.RotateTokenBody, Json.IssuedTokenInfo, cancellationToken);

    public Task<TokenInfo> RevokeTokenAsync(string id, CancellationToken cancellationToken) =>
        PostAsync<object?, TokenInfo>($"api/v1/tokens/{Uri.EscapeDataString(id)}/revoke", null, null, Json.TokenInfo, cancellationToken);

    /// <summary><c>POST /api/v1/login</c>: a new API token for the user, with the user's role.</summary>
    public Task<IssuedTokenInfo> LoginAsync(string user, string password, CancellationToken cancellationToken) =>
        PostAsync("api/v1/login", new LoginBody(user, password), Json.LoginBody, Json.IssuedTokenInfo, cancellationToken);

    public async Task<List<UserInfo>> ListUsersAsync(CancellationToken cancellationToken) =>
        await GetAsync("api/v1/users", Json.ListUserInfo, cancellationToken) ?? [];

    public Task<CreatedUserInfo> CreateUserAsync(CreateUserBody body, CancellationToken cancellationToken) =>
        PostAsync("api/v1/users", body, Json.CreateUserBody, Json.CreatedUserInfo, cancellationToken);

    /// <summary><c>GET /api/v1/audit</c>: entries in [from, to), newest first.</summary>
    public async Task<List<AuditEntryInfo>> GetAuditAsync(
        DateTimeOffset from, DateTimeOffset to, string? actor, string? action, string? outcome, int limit, CancellationToken cancellationToken) =>
        await GetAsync("api/v1/audit" + Query(
            ("from", from.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)), ("to", to.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
            ("actor", actor), ("action", action), ("outcome", outcome), ("limit", limit.ToString(CultureInfo.InvariantCulture))),
            Json.ListAuditEntryInfo, cancellationToken) ?? [];

    /// <summary>
    /// Follows <c>GET /api/v1/changes?prefix=…</c> until <paramref name="cancellationToken"/> ends it or the server
    /// closes the stream. <paramref name="connected"/> runs once the feed is open (its <c>ready</c> event).
    /// </summary>
    public async IAsyncEnumerable<ChangeFeedEvent> FollowChangesAsync(
        string? prefix, Action? connected, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/changes" + Query(("prefix", prefix)));
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await SendAsync(request, cancellationToken, streaming: true);
        if (!response.IsSuccessStatusCode)
        {
            throw await ProblemAsync(response, cancellationToken);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var parser = SseParser.Create(stream, (type, data) => (Type: type, Data: data.ToArray()));
        await using var items = parser.EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            SseItem<(string Type, byte[] Data)> item;
            try
            {
                if (!await items.MoveNextAsync())
                {
                    yield break;
                }

                item = items.Current;
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
            {
                throw new ServerUnreachableException(Server, $"the change feed broke off: {exception.Message}", exception);
            }

            switch (item.Data.Type)
            {
                case "ready":
                    connected?.Invoke();
                    break;
                case "change" when Deserialize(item.Data.Data, Json.TwinChange) is { } change:
                    yield return new ChangeFeedEvent(change, 0);
                    break;
                case "gap" when Deserialize(item.Data.Data, Json.ChangeGap) is { } gap:
                    yield return new ChangeFeedEvent(null, gap.Lost);
                    break;
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<T?> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken, bool nullWhenNotFound = false)
        where T : class
    {
        using var response = await SendAsync(path, cancellationToken);
        if (nullWhenNotFound && response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await ProblemAsync(response, cancellationToken);
        }

        try
        {
            return await response.Content.ReadFromJsonAsync(type, cancellationToken);
        }
        catch (JsonException exception)
        {
            throw new CliException(ExitCodes.ServerError, $"the answer of {Server}{path} is not what this CLI reads: {exception.Message}", exception);
        }
    }

    private async Task<TResult> PostAsync<TBody, TResult>(string path, TBody body, JsonTypeInfo<TBody>? bodyType, JsonTypeInfo<TResult> type, CancellationToken cancellationToken)
        where TResult : class
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Content = bodyType is null ? JsonContent.Create(new { }) : JsonContent.Create(body, bodyType);
        using var response = await SendAsync(request, cancellationToken, streaming: false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ProblemAsync(response, cancellationToken);
        }

        try
        {
            return await response.Content.ReadFromJsonAsync(type, cancellationToken)
                   ?? throw new CliException(ExitCodes.ServerError, $"the answer of {Server}{path} is empty");
        }
        catch (JsonException exception)
        {
            throw new CliException(ExitCodes.ServerError, $"the answer of {Server}{path} is not what this CLI reads: {exception.Message}", exception);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendAsync(request, cancellationToken, streaming: false);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken, bool streaming)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (!streaming)
        {
            timeout.CancelAfter(RequestTimeout);
        }

        try
        {
            var response = await _http.SendAsync(request, streaming ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, timeout.Token);
            return response;
        }
        catch (HttpRequestException exception)
        {
            throw new ServerUnreachableException(Server, Reason(exception), exception);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ServerUnreachableException(Server, $"no answer within {RequestTimeout.TotalSeconds:0} s", exception);
        }
    }

    private static string Reason(HttpRequestException exception) =>
        exception.InnerException is SocketException socket
            ? socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.HostNotFound or SocketError.NoData => "host name not found",
                SocketError.TimedOut => "connection timed out",
                _ => socket.Message,
            }
            : exception.Message;

    private async Task<ApiProblemException> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        ProblemDetails? problem = null;
        if (response.Content.Headers.ContentType?.MediaType is { } media && media.EndsWith("json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                problem = JsonSerializer.Deserialize(body, Json.ProblemDetails);
            }
            catch (JsonException)
            {
            }
        }

        return new ApiProblemException(response.StatusCode, problem, body);
    }

    private static T? Deserialize<T>(byte[] data, JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(data, type);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static string HostPath(HostKey host) => $"api/v1/hosts/{Uri.EscapeDataString(host.Dc)}/{Uri.EscapeDataString(host.Name)}";

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return present.Count == 0 ? "" : "?" + string.Join('&', present);
    }
}
