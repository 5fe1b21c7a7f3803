using System.IO.Compression;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Turtle.Actors.History;
using Turtle.Silo.Audit;
using Turtle.Silo.Failover;
using Turtle.Silo.Security;
using Turtle.Silo.Telemetry;
using Turtle.Silo.Twin;
using Turtle.Twin;
using Turtle.Twin.Failover;
using Turtle.Twin.Observations;

namespace Turtle.Silo.Api;

/// <summary>
/// <c>POST /api/v1/observations</c>: collectors push observation schema v1 batches here. The body is read whole
/// (bounded, gzip allowed), checked completely, and only then routed: one grain call per batch, batches of one host
/// in order, hosts in parallel. Anything wrong refuses the whole request with problem+json and changes nothing.
/// </summary>
public static class ObservationApi
{
    // No Accepts metadata: routing would answer a wrong content type with a bare 415; the handler explains it.
    public static IEndpointRouteBuilder MapObservationApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/observations", PostObservations)
            .WithTags("Observations")
            .WithName("PostObservations")
            .WithSummary("Ingest observation batches (schema turtle.observation/v1)")
            .WithDescription("The body is one observation or an array of them, as application/json, optionally gzip-encoded. " +
                             "The full rules are in docs/schema/observation-v1.schema.json and docs/observations.md.")
            .AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(Observation), cancellationToken: cancellationToken) },
                    },
                };
            })
            .Produces<ObservationAck>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            // A collector token (or an operator); per-token rate limit; a collector's batches are not audited one by one.
            .RequireAuthorization(AuthPolicies.Ingest)
            .RequireRateLimiting(LimitsHostingExtensions.IngestPolicy)
            .WithMetadata(new AuditedAction("observations.post", SkipCollectors: true))
            .WithMetadata(new BodyLimit(endpoints.ServiceProvider.GetRequiredService<IOptions<IngestOptions>>().Value.MaxBodyBytes))
            .AddEndpointFilter(CountAnswers);
        return endpoints;
    }

    /// <summary>Counts every answer by its status once it is sent (refusals included), for <c>turtle_ingest_requests_total</c>.</summary>
    private static ValueTask<object?> CountAnswers(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var telemetry = http.RequestServices.GetRequiredService<SiloTelemetry>();
        http.Response.OnCompleted(() =>
        {
            telemetry.IngestAnswered(http.Response.StatusCode);
            return Task.CompletedTask;
        });
        return next(context);
    }

    public static async Task<IResult> PostObservations(HttpContext http, ObservationReader reader, IGrainFactory grains, IOptions<IngestOptions> options, WriteRefusal refusal,
        SiloTelemetry telemetry, CollectorReports collectors, ILoggerFactory loggers)
    {
        if (refusal.Check() is { } refused)
        {
            return refused;
        }

        var request = http.Request;
        if (!IsJson(request.ContentType))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
                $"Observations are JSON: send Content-Type: application/json (this request has '{request.ContentType ?? "none"}').");
        }

        var encoding = request.Headers.ContentEncoding.ToString().Trim();
        var gzip = encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase);
        if (!gzip && encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content encoding",
                $"Content-Encoding '{encoding}' is not accepted; send gzip or no encoding.");
        }

        var limit = options.Value.MaxBodyBytes;
        var body = await ReadBodyAsync(request, gzip, limit, http.RequestAborted);
        telemetry.IngestRead(body.Bytes.Length);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        // JSON strings are only decoded when read, so text that is not UTF-8 would surface mid-read as an exception.
        if (!System.Text.Unicode.Utf8.IsValid(body.Bytes))
        {
            return Invalid([new ObservationError("$", "is not valid UTF-8 text; send JSON encoded as UTF-8")]);
        }

        ObservationReadResult read;
        bool isArray;
        try
        {
            // A repeated key is ambiguous (which value counts?): refused, as the schema's uniqueness of fields implies.
            using var document = JsonDocument.Parse(body.Bytes, new JsonDocumentOptions { MaxDepth = 32, AllowDuplicateProperties = false });
            isArray = document.RootElement.ValueKind == JsonValueKind.Array;
            read = reader.Read(document.RootElement);
        }
        catch (JsonException exception)
        {
            return Invalid([new ObservationError("$", $"is not valid JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}): {FirstSentence(exception.Message)}")]);
        }
        catch (InvalidOperationException exception)
        {
            // An escaped string that is not valid UTF-16 (a lone surrogate such as \ud800) cannot be decoded.
            return Invalid([new ObservationError("$", $"holds a string that cannot be decoded: {FirstSentence(exception.Message)}")]);
        }

        if (!read.IsValid)
        {
            return Invalid(read.Errors);
        }

        var dcs = options.Value.Dcs;
        if (dcs.Count > 0 && read.Batches.FirstOrDefault(b => !dcs.Contains(b.Dc, StringComparer.Ordinal)) is { } unknown)
        {
            return Problem(StatusCodes.Status422UnprocessableEntity, "Unknown DC",
                $"DC '{unknown.Dc}' is not one of this fleet's DCs ({string.Join(", ", dcs)}); nothing was stored.");
        }

        try
        {
            var acks = await RouteAsync(grains, read.Batches);
            foreach (var ack in acks)
            {
                telemetry.BatchAcknowledged(ack.Duplicate);
            }

            foreach (var batch in read.Batches)
            {
                collectors.Record(batch);
            }

            // The answer mirrors the body: one acknowledgement for one batch, an array for an array.
            return isArray
                ? TypedResults.Json(acks, statusCode: StatusCodes.Status202Accepted)
                : TypedResults.Json(acks[0], statusCode: StatusCodes.Status202Accepted);
        }
        catch (InvalidSampleException exception)
        {
            // The reader keeps batches inside history's rules, so this takes a time at the very edge of the accepted
            // window that slipped out of it meanwhile. Batches routed before it stand; a retry acknowledges them.
            return Invalid([new ObservationError("$", exception.Message)]);
        }
        catch (Exception exception) when (exception is ReadOnlySiloException or SiloUnavailableException)
        {
            // A DC failing over (its twins have no writable host for a few seconds), or a silo out of touch with its
            // cluster (its membership lease ran out). The collector retries elsewhere or later.
            http.Response.Headers.RetryAfter = "1";
            return Problem(StatusCodes.Status503ServiceUnavailable, "Twin not writable now", exception.Message);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            loggers.CreateLogger(typeof(ObservationApi)).LogError(exception, "Could not store observations");
            return Problem(StatusCodes.Status503ServiceUnavailable, "Observations not stored",
                "The twin could not store these observations; retry the same request (batches already stored are acknowledged again, not stored twice).");
        }
    }

    /// <summary>One grain call per batch: a host's batches in order (their sequence numbers must arrive in order), hosts in parallel.</summary>
    private static async Task<ObservationAck[]> RouteAsync(IGrainFactory grains, IReadOnlyList<Observation> batches)
    {
        var acks = new ObservationAck[batches.Count];
        var byHost = Enumerable.Range(0, batches.Count).GroupBy(i => batches[i].HostKey, StringComparer.Ordinal);
        await Task.WhenAll(byHost.Select(async host =>
        {
            var grain = grains.GetGrain<IHostGrain>(host.Key);
            foreach (var index in host.OrderBy(i => batches[i].Seq))
            {
                acks[index] = await grain.Observe(batches[index]);
            }
        }));
        return acks;
    }

    private static async Task<(byte[] Bytes, IResult? Problem)> ReadBodyAsync(HttpRequest request, bool gzip, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return ([], TooLarge(limit));
        }

        await using var source = gzip ? new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true) : request.Body;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
            {
                // Counted after decompression: a small gzip body may expand without bound.
                if (buffer.Length + read > limit)
                {
                    return ([], TooLarge(limit));
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (InvalidDataException)
        {
            return ([], Invalid([new ObservationError("$", "is not valid gzip data (Content-Encoding: gzip was sent)")]));
        }

        if (buffer.Length == 0)
        {
            return ([], Invalid([new ObservationError("$", "is empty; send an observation object or an array of them")]));
        }

        return (buffer.ToArray(), null);
    }

    private static IResult Invalid(IReadOnlyList<ObservationError> errors) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal),
            detail: $"The request was refused and nothing of it was stored: {errors.Count} invalid field{(errors.Count == 1 ? "" : "s")}. See docs/observations.md.",
            title: "Invalid observation");

    private static IResult TooLarge(int limit) =>
        Problem(StatusCodes.Status413PayloadTooLarge, "Observation too large",
            $"The body exceeds {limit} bytes (after decompression); send smaller batches. Nothing was stored.");

    private static IResult Problem(int status, string title, string detail) => TypedResults.Problem(detail, statusCode: status, title: title);

    private static bool IsJson(string? contentType) =>
        contentType is not null && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media) &&
        (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
