using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Turtle.Silo.Tests.Fuzz;

/// <summary>Tests that measure the whole process (memory) or listen process-wide (OpenTelemetry) run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideCollection
{
    public const string Name = "Process-wide measurements";
}

/// <summary>
/// Issue 10, Deliver 4: 10,000 mutated payloads from the schema's examples to ingest and to the query API. Every answer
/// must be a 4xx problem+json (a mutant that is still valid may be accepted: counted apart, and for ingest it must be
/// acknowledged as a duplicate, which stores nothing); nothing is stored; the silo stays ready; memory stays bounded.
/// <c>TURTLE_FUZZ_SEED</c> replays a run, <c>TURTLE_FUZZ_COUNT</c> changes its size, <c>TURTLE_FUZZ_ONLY</c> sends one payload.
/// </summary>
[Collection(ProcessWideCollection.Name)]
public sealed class HostileInputTests(ITestOutputHelper output)
{
    private const int DefaultSeed = 20261203;
    /// <summary>
    /// Growth of the managed heap (after a forced full GC) allowed over the whole run and over its second half. The first
    /// thousands of payloads fill the shared buffer pools (ArrayPool keeps large arrays per thread and per core, trimmed
    /// only after a minute unused; Kestrel's memory pool), on both the client and the silo side of this one process;
    /// measured runs grew 190 to 260 MiB in all, 9 to 51 MiB over the second half. A leak of a few KB per payload
    /// would break the second bound.
    /// </summary>
    private const long MemoryBoundBytes = 512L * 1024 * 1024;

    private const long SecondHalfBoundBytes = 96L * 1024 * 1024;
    private static readonly string Examples = Path.Combine(AppContext.BaseDirectory, "examples");

    [Fact]
    public async Task Ten_thousand_mutated_payloads_are_refused_with_problem_json_and_change_nothing()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("TURTLE_FUZZ_SEED"), CultureInfo.InvariantCulture, out var s) ? s : DefaultSeed;
        var count = int.TryParse(Environment.GetEnvironmentVariable("TURTLE_FUZZ_COUNT"), CultureInfo.InvariantCulture, out var c) ? c : 10_000;
        int? only = int.TryParse(Environment.GetEnvironmentVariable("TURTLE_FUZZ_ONLY"), CultureInfo.InvariantCulture, out var o) ? o : null;
        output.WriteLine($"fuzz seed {seed} ({count} payloads; replay with TURTLE_FUZZ_SEED={seed})");

        var dataDir = Directory.CreateTempSubdirectory("turtle-fuzz-").FullName;
        try
        {
            // Twins write quiet changes (metrics only) at most once a minute, so the baseline's own deferred writes
            // would land during the run; written at once, they are in the "before" fingerprint.
            await using var silo = new SiloFactory(new() { ["Turtle:DataDir"] = dataDir, ["Turtle:Twin:QuietWriteInterval"] = "00:00:00" });
            using var http = silo.CreateClient();
            var examples = await BaselineAsync(http);
            var mutator = new ObservationMutator(examples);
            // Made when sent, from the index alone: the run never holds 10,000 bodies (some are a megabyte) at once.
            FuzzPayload Payload(int i)
            {
                // Not HashCode.Combine: it is randomized per process, and a seed must replay the same run anywhere.
                var random = new Random(unchecked((seed * 1_000_003) + i));
                return random.Next(4) == 0 ? QueryMutator.Next(i, random) : mutator.Next(i, random);
            }

            var indexes = Enumerable.Range(0, count).Where(i => only is null || i == only).ToList();

            // A warm-up pass, so the memory baseline includes what the first requests allocate for good (JIT, pools, caches).
            foreach (var i in indexes.Take(200))
            {
                await SendAsync(http, Payload(i));
            }

            var stored = await SettledFingerprintAsync(dataDir);
            var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
            var workingSetBefore = Process.GetCurrentProcess().WorkingSet64;
            var clock = Stopwatch.StartNew();

            var statuses = new ConcurrentDictionary<string, int>();
            var kinds = new ConcurrentDictionary<MutationKind, int>();
            var accepted = new ConcurrentDictionary<MutationKind, int>();
            var failures = new ConcurrentQueue<string>();
            async Task SendAllAsync(IEnumerable<int> batch) =>
                await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
                {
                    var payload = Payload(i);
                    kinds.AddOrUpdate(payload.Kind, 1, (_, n) => n + 1);
                    var (status, contentType, body) = await SendAsync(http, payload);
                    statuses.AddOrUpdate($"{payload.Method.Method} {status}", 1, (_, n) => n + 1);
                    if (Verdict(payload, status, contentType, body) is { } failure)
                    {
                        failures.Enqueue($"seed {seed}, payload {failure}\n  {payload.Describe()}\n  answer {status} {contentType}: {Shorten(body)}");
                    }
                    else if (status is >= 200 and < 300)
                    {
                        accepted.AddOrUpdate(payload.Kind, 1, (_, n) => n + 1);
                    }
                });

            // Two halves: memory that grew with the number of payloads would show as growth over the second half.
            await SendAllAsync(indexes.Take(indexes.Count / 2));
            var memoryHalf = GC.GetTotalMemory(forceFullCollection: true);
            await SendAllAsync(indexes.Skip(indexes.Count / 2));
            clock.Stop();

            var ready = await http.GetAsync("/health/ready");
            var after = await SettledFingerprintAsync(dataDir);
            var memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
            var workingSetAfter = Process.GetCurrentProcess().WorkingSet64;

            output.WriteLine($"{indexes.Count} payloads in {clock.Elapsed.TotalSeconds:0.0} s");
            output.WriteLine("payloads by mutation: " + string.Join(", ", kinds.OrderBy(k => k.Key.ToString()).Select(k => $"{k.Key} {k.Value}")));
            output.WriteLine("answers: " + string.Join(", ", statuses.OrderBy(k => k.Key).Select(k => $"{k.Key} x{k.Value}")));
            output.WriteLine("accepted as valid: " + (accepted.IsEmpty ? "none" : string.Join(", ", accepted.OrderBy(k => k.Key.ToString()).Select(k => $"{k.Key} {k.Value}"))));
            output.WriteLine($"managed heap after full GC: {Mb(memoryBefore)} before, {Mb(memoryHalf)} halfway, {Mb(memoryAfter)} after (bounds +{Mb(MemoryBoundBytes)} in all, +{Mb(SecondHalfBoundBytes)} over the second half); " +
                             $"working set {Mb(workingSetBefore)} before, {Mb(workingSetAfter)} after");
            output.WriteLine($"store: {after}");
            output.WriteLine($"heap by generation after (gen0, gen1, gen2, LOH, POH): {Generations()}");
            foreach (var failure in failures.Take(60))
            {
                output.WriteLine(failure);
            }

            Assert.True(failures.IsEmpty, $"{failures.Count} of {indexes.Count} answers broke the rules (seed {seed}); first:\n{string.Join("\n", failures.Take(5))}");
            Assert.True(accepted.Values.Sum() < indexes.Count / 5, $"the mutator should mostly make invalid payloads; {accepted.Values.Sum()} were accepted");
            Assert.Equal(stored.Rows, after.Rows);
            Assert.True(stored.Hashes.SequenceEqual(after.Hashes), $"stored rows changed: {string.Join(", ", stored.ChangedRows(after))}");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.True(memoryAfter - memoryBefore < MemoryBoundBytes, $"the managed heap grew by {Mb(memoryAfter - memoryBefore)}");
            Assert.True(memoryAfter - memoryHalf < SecondHalfBoundBytes, $"the managed heap grew by {Mb(memoryAfter - memoryHalf)} over the second half");
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    /// <summary>Null when the answer keeps the rules; otherwise what was wrong.</summary>
    internal static string? Verdict(FuzzPayload payload, int status, string? contentType, string body)
    {
        if (status is >= 200 and < 300)
        {
            if (!payload.MayBeValid)
            {
                return $"#{payload.Index}: a {payload.Kind} mutant was accepted ({status})";
            }

            // An accepted observation must be a duplicate of the baseline: nothing new stored.
            if (payload.Method == HttpMethod.Post && body.Contains("\"duplicate\":false", StringComparison.Ordinal))
            {
                return $"#{payload.Index}: a mutant was stored as new";
            }

            return null;
        }

        if (status is < 400 or >= 500)
        {
            return $"#{payload.Index}: status {status}";
        }

        if (contentType != "application/problem+json")
        {
            return $"#{payload.Index}: {status} as '{contentType}', not application/problem+json";
        }

        try
        {
            using var problem = JsonDocument.Parse(body);
            if (!problem.RootElement.TryGetProperty("status", out var reported) || reported.GetInt32() != status || !problem.RootElement.TryGetProperty("title", out _))
            {
                return $"#{payload.Index}: the problem does not carry status {status} and a title";
            }
        }
        catch (JsonException)
        {
            return $"#{payload.Index}: the problem body is not JSON";
        }

        return null;
    }

    /// <summary>Posts the two examples with the highest sequence number, so any still-valid mutant of them is a duplicate.</summary>
    private static async Task<IReadOnlyList<JsonObject>> BaselineAsync(HttpClient http)
    {
        var examples = new List<JsonObject>();
        foreach (var file in new[] { "host-full.json", "host-with-processes-and-links.json" })
        {
            var example = (JsonObject)JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Examples, file)))!;
            example["seq"] = long.MaxValue;
            // An hour between reports: the twin cannot turn LostContact (a state write of its own) during the run.
            example["interval"] = 3600;
            example["time"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            var response = await http.PostAsync("/api/v1/observations", new StringContent(example.ToJsonString(), Encoding.UTF8, "application/json"));
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{file}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            examples.Add(example);
        }

        return examples;
    }

    private static async Task<(int Status, string? ContentType, string Body)> SendAsync(HttpClient http, FuzzPayload payload)
    {
        using var request = new HttpRequestMessage(payload.Method, payload.Url);
        if (payload.Body is not null)
        {
            request.Content = new ByteArrayContent(payload.Body);
            request.Content.Headers.ContentType = null;
            if (payload.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", payload.ContentType);
            }

            if (payload.ContentEncoding is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Encoding", payload.ContentEncoding);
            }
        }

        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// The store once background writes from the baseline have landed (group-committed history, the DC twins' one-second
    /// tick): unchanged over 2.5 seconds, read every 250 ms, within a bounded wait.
    /// </summary>
    private static async Task<StoreFingerprint> SettledFingerprintAsync(string dataDir)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var last = StoreFingerprint.Read(dataDir);
        var unchanged = 0;
        while (unchanged < 10 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            var now = StoreFingerprint.Read(dataDir);
            unchanged = now.RowHashes.SequenceEqual(last.RowHashes) && now.Hashes.SequenceEqual(last.Hashes) ? unchanged + 1 : 0;
            last = now;
        }

        return last;
    }

    private static string Generations() =>
        string.Join(", ", GC.GetGCMemoryInfo(GCKind.FullBlocking).GenerationInfo.ToArray().Select(g => Mb(g.SizeAfterBytes)));

    private static string Mb(long bytes) => $"{bytes / (1024.0 * 1024):0.0} MiB";

    private static string Shorten(string text) => text.Length <= 500 ? text : text[..500] + "…";
}
