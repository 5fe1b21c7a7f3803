namespace Turtle.Silo.Tests.Fuzz;

/// <summary>
/// Hostile reads of the query API: history queries with bad ranges and steps, route values that name nothing or cannot
/// be names, huge values, control characters and invalid percent-encoding in query strings and paths.
/// </summary>
public static class QueryMutator
{
    private static readonly string[] BadTimes =
    [
        "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1e309", "NaN", "-1", "99999999999999999999", "2026-13-45T25:61:61Z", "yesterday", "",
        "2026-11-22T09:00:00+99:00", "\u0000", "%FF%FE", "2026-11-22T09:00:00.99999999999999999999Z", "-0001-01-01", "+275760-09-13T00:00:00Z",
    ];

    private static readonly string[] BadSteps =
    [
        "0s", "-1m", "1e309s", "NaNs", "Infinitys", "0.0000000001s", "99999999999d", "1e15d", "1w", "00:00:00", "-00:01:00", "10675199.02:48:05.4775807",
        "1", "s", "1.5.5m", "∞s", "1e-320s", "9223372036854775807s", "0x10s",
    ];

    private static readonly string[] BadIds =
    [
        "dc9/ghost", "dc1/udm-pro/extra", "%2e%2e%2f", "dc1%01", "DC1/UPPER", "dc1/" + new string('h', 5_000), "%FF", "%C3%28", "dc1/udm-pro->", "->",
        "dc1/udm-pro->dc1/udm-pro", "dc1/a b", "dc1/\u0007", "dc1/😀", "dc1/udm-pro%3Fx=1", "1/2/3/4/5/6/7/8",
    ];

    private static readonly string[] BadValues =
    [
        "", " ", "%00", "%FF%FE", "\u0001", new string('x', 20_000), "Warning,Nope", "critical,,,", "-1", "1e309", "true'", "[]", "{}", "null", "💥",
        "%E2%82", "a\nb", "<script>", "'; DROP TABLE grain_state; --",
    ];

    public static FuzzPayload Next(int index, Random random)
    {
        var (kind, url) = random.Next(10) switch
        {
            0 or 1 => (MutationKind.QueryTimeRange, History(random, from: Pick(random, BadTimes), to: Pick(random, [.. BadTimes, "2026-11-22T09:00:00Z"]), step: null)),
            2 => (MutationKind.QueryTimeRange, History(random, from: "2026-11-22T10:00:00Z", to: "2026-11-22T09:00:00Z", step: Pick(random, [null, "1m"]))), // reversed
            3 or 4 => (MutationKind.QueryStep, History(random, from: Pick(random, [null, "0001-01-01T00:00:00Z", "2026-11-22T09:00:00Z"]), to: null, step: Pick(random, BadSteps))),
            5 or 6 => (MutationKind.QueryUnknownId, Pick(random, RouteTemplates)(Pick(random, BadIds))),
            7 => (MutationKind.QueryHugeValue, Pick(random, QueryTemplates)(new string(Pick(random, ['a', '9', '%']) == '%' ? 'b' : 'a', 1_000 + random.Next(60_000)))),
            _ => (MutationKind.QueryBadValue, Pick(random, QueryTemplates)(Pick(random, BadValues))),
        };
        // A read can be a legitimate one (any text is a valid search; an old range is a valid range); ids that name nothing cannot.
        return new FuzzPayload(index, kind, HttpMethod.Get, url, null, null, null, MayBeValid: kind != MutationKind.QueryUnknownId);
    }

    // No ".." (or %2e%2e): the client resolves dot segments before sending, so it would ask for a real resource.
    // No %00 in paths: Kestrel refuses such a request line before the app sees it (the test host throws instead).
    /// <summary>Route values go in raw (percent sequences stay as written); query values are escaped unless they already carry %.</summary>
    private static readonly Func<string, string>[] RouteTemplates =
    [
        id => $"/api/v1/hosts/{id}",
        id => $"/api/v1/hosts/{id}/recent",
        id => $"/api/v1/hosts/{id}/predictions",
        id => $"/api/v1/hosts/{id}/processes",
        id => $"/api/v1/hosts/dc1/udm-pro/processes/{id}",
        id => $"/api/v1/hosts/dc2/nas/processes/{id}",
        id => $"/api/v1/dcs/{id}",
        id => $"/api/v1/links/{id}",
        id => $"/api/v1/history?entity={Q(id)}&metric=cpu.percent&step=0s",
    ];

    private static readonly Func<string, string>[] QueryTemplates =
    [
        v => $"/api/v1/hosts?health={Q(v)}",
        v => $"/api/v1/hosts?dc={Q(v)}",
        v => $"/api/v1/links?dc={Q(v)}",
        v => $"/api/v1/graph?dc={Q(v)}",
        v => $"/api/v1/graph?processes={Q(v)}",
        v => $"/api/v1/history?entity=dc1/udm-pro&metric=cpu.percent&from={Q(v)}",
        v => $"/api/v1/history?entity=dc1/udm-pro&metric=cpu.percent&step={Q(v)}",
        v => $"/api/v1/history?entity=dc1/udm-pro&metric=cpu.percent&to={Q(v)}&from=2026-11-22T09:00:00Z",
        v => $"/api/v1/history?entity={Q(v)}&metric=cpu.percent&step=1e309s",
        v => $"/api/v1/history?metric={Q(v)}",
        v => $"/api/v1/dcs/{Q(v).Replace("%00", "%01", StringComparison.Ordinal)}",
        v => $"/api/v1/hosts/dc1/{Q(v).Replace("%00", "%01", StringComparison.Ordinal)}",
    ];

    private static string History(Random random, string? from, string? to, string? step)
    {
        var parts = new List<string>();
        if (random.Next(6) != 0)
        {
            parts.Add("entity=" + Q(Pick(random, ["dc1/udm-pro", "dc2/nas", "dc9/none", "dc1/udm-pro/1@1"])));
        }

        if (random.Next(6) != 0)
        {
            parts.Add("metric=" + Q(Pick(random, ["cpu.percent", "memory.available_bytes", "nope", "fs[/].used_percent"])));
        }

        if (from is not null)
        {
            parts.Add("from=" + Q(from));
        }

        if (to is not null)
        {
            parts.Add("to=" + Q(to));
        }

        if (step is not null)
        {
            parts.Add("step=" + Q(step));
        }

        return "/api/v1/history?" + string.Join('&', parts);
    }

    private static string Q(string value) => value.Contains('%', StringComparison.Ordinal) ? value : Uri.EscapeDataString(value);

    private static T Pick<T>(Random random, T[] choices) => choices[random.Next(choices.Length)];
}
