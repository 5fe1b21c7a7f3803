using Microsoft.AspNetCore.Http.HttpResults;
using Turtle.Twin;
using Turtle.Twin.Queries;
using Turtle.Twin.Twins;

namespace Turtle.Silo.Api;

/// <summary>
/// The twin's read API: DCs, hosts, processes, links and the relationship graph. Unknown or malformed ids are
/// <c>404</c> problem+json (an id that cannot exist is as unknown as one that does not).
/// </summary>
public static class TwinApi
{
    public static IEndpointRouteBuilder MapTwinApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1").WithTags("Twin");
        group.MapGet("/dcs", GetDcs).WithName("GetDcs").WithSummary("Every DC with its host counts by health");
        group.MapGet("/dcs/{dc}", GetDc).WithName("GetDc").WithSummary("One DC with its hosts and links");
        group.MapGet("/hosts", GetHosts).WithName("GetHosts").WithSummary("Hosts, worst health first; filter by DC, health (comma-separated) and text");
        group.MapGet("/hosts/{dc}/{host}", GetHost).WithName("GetHost").WithSummary("One host's twin");
        group.MapGet("/hosts/{dc}/{host}/recent", GetRecent).WithName("GetHostRecent").WithSummary("The host's recent in-memory window");
        group.MapGet("/hosts/{dc}/{host}/predictions", GetPredictions).WithName("GetHostPredictions")
            .WithSummary("Disk-full ETAs, 24-hour CPU and memory forecasts and anomaly flags, each with its method and confidence");
        group.MapGet("/hosts/{dc}/{host}/processes", GetProcesses).WithName("GetHostProcesses").WithSummary("The processes the host last listed");
        group.MapGet("/hosts/{dc}/{host}/processes/{process}", GetProcess).WithName("GetProcess").WithSummary("One process, by pid@startUnixSeconds, exited or not");
        group.MapGet("/links", GetLinks).WithName("GetLinks").WithSummary("Every network link, optionally of one DC");
        group.MapGet("/links/{**key}", GetLink).WithName("GetLink").WithSummary("One link, by key (dc1/a->dc2/b)");
        group.MapGet("/graph", GetGraph).WithName("GetGraph").WithSummary("Nodes and edges: DCs contain hosts, hosts run processes, links join hosts to hosts or DCs");
        return endpoints;
    }

    public static async Task<Ok<IReadOnlyList<DcOverview>>> GetDcs(TwinQueries twin) => TypedResults.Ok(await twin.GetDcsAsync());

    public static async Task<Results<Ok<DataCenterTwin>, ProblemHttpResult>> GetDc(string dc, TwinQueries twin) =>
        await twin.GetDcAsync(dc) is { } found ? TypedResults.Ok(found) : NotFound($"No DC '{dc}' has been observed.");

    public static async Task<Results<Ok<IReadOnlyList<HostSummary>>, ValidationProblem>> GetHosts(TwinQueries twin, string? dc = null, string? health = null, string? q = null)
    {
        var healths = new HashSet<HealthStatus>();
        foreach (var name in (health ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<HealthStatus>(name, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return Invalid("health", $"'{name}' is not a health; use {string.Join(", ", Enum.GetNames<HealthStatus>())}.");
            }

            healths.Add(parsed);
        }

        if (dc is not null && !TwinKeys.IsDcName(dc))
        {
            return Invalid("dc", $"'{dc}' is not a DC name.");
        }

        return TypedResults.Ok(await twin.FindHostsAsync(dc, healths, q));
    }

    public static async Task<Results<Ok<HostTwin>, ProblemHttpResult>> GetHost(string dc, string host, TwinQueries twin) =>
        await twin.GetHostAsync(TwinKeys.Host(dc, host)) is { } found ? TypedResults.Ok(found) : UnknownHost(dc, host);

    public static async Task<Results<Ok<IReadOnlyList<RecentPoint>>, ProblemHttpResult>> GetRecent(string dc, string host, TwinQueries twin)
    {
        var key = TwinKeys.Host(dc, host);
        return await twin.GetHostAsync(key) is null ? UnknownHost(dc, host) : TypedResults.Ok(await twin.GetRecentAsync(key));
    }

    /// <summary>404 for an unknown host; 503 when its twin cannot be reached (an observer cut off from the active DCs).</summary>
    public static async Task<Results<Ok<HostPredictions>, ProblemHttpResult>> GetPredictions(string dc, string host, TwinQueries twin)
    {
        var key = TwinKeys.Host(dc, host);
        if (await twin.GetHostAsync(key) is null)
        {
            return UnknownHost(dc, host);
        }

        return await twin.GetPredictionsAsync(key) is { } predictions
            ? TypedResults.Ok(predictions)
            : TypedResults.Problem($"The twin of '{key}' could not be reached for its predictions.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Unavailable");
    }

    public static async Task<Results<Ok<IReadOnlyList<ProcessTwin>>, ProblemHttpResult>> GetProcesses(string dc, string host, TwinQueries twin) =>
        await twin.GetProcessesAsync(TwinKeys.Host(dc, host)) is { } found ? TypedResults.Ok(found) : UnknownHost(dc, host);

    public static async Task<Results<Ok<ProcessTwin>, ProblemHttpResult>> GetProcess(string dc, string host, string process, TwinQueries twin) =>
        await twin.GetProcessAsync($"{TwinKeys.Host(dc, host)}/{process}") is { } found
            ? TypedResults.Ok(found)
            : NotFound($"No process '{process}' (pid@startUnixSeconds) has been observed on host '{dc}/{host}'.");

    public static async Task<Results<Ok<IReadOnlyList<LinkTwin>>, ValidationProblem>> GetLinks(TwinQueries twin, string? dc = null) =>
        dc is not null && !TwinKeys.IsDcName(dc) ? Invalid("dc", $"'{dc}' is not a DC name.") : TypedResults.Ok(await twin.GetLinksAsync(dc));

    public static async Task<Results<Ok<LinkTwin>, ProblemHttpResult>> GetLink(string key, TwinQueries twin) =>
        await twin.GetLinkAsync(Uri.UnescapeDataString(key)) is { } found ? TypedResults.Ok(found) : NotFound($"No link '{key}' has been observed.");

    public static async Task<Results<Ok<FleetGraph>, ValidationProblem>> GetGraph(TwinQueries twin, string? dc = null, bool processes = true) =>
        dc is not null && !TwinKeys.IsDcName(dc) ? Invalid("dc", $"'{dc}' is not a DC name.") : TypedResults.Ok(await twin.GetGraphAsync(dc, processes));

    private static ProblemHttpResult UnknownHost(string dc, string host) => NotFound($"No host '{dc}/{host}' has been observed.");

    internal static ProblemHttpResult NotFound(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    internal static ValidationProblem Invalid(string parameter, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [parameter] = [message] }, title: "Invalid query");
}
