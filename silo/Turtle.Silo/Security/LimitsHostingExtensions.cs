using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Turtle.Silo.Twin;

namespace Turtle.Silo.Security;

/// <summary>
/// Size and rate limits: a body limit on every request (413 problem+json), a rate limit per collector token on ingest
/// and per client address on sign-in (429 problem+json with Retry-After).
/// </summary>
public static class LimitsHostingExtensions
{
    /// <summary>The rate limiter policy of <c>POST /api/v1/observations</c>.</summary>
    public const string IngestPolicy = "ingest";

    /// <summary>The rate limiter policy of the sign-in endpoints.</summary>
    public const string LoginPolicy = "login";

    public static IServiceCollection AddSiloLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HttpLimitOptions>().Bind(configuration.GetSection(HttpLimitOptions.SectionName)).ValidateOnStart()
            .Validate(o => o.MaxRequestBodyBytes >= 1024, $"{HttpLimitOptions.SectionName}:MaxRequestBodyBytes must be at least 1024")
            .Validate(o => o.LoginAttemptsPerMinute >= 1, $"{HttpLimitOptions.SectionName}:LoginAttemptsPerMinute must be at least 1");
        // Kestrel enforces the limit on bodies without a Content-Length too; the middleware below answers those with one at once.
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<HttpLimitOptions>>((kestrel, limits) =>
            kestrel.Limits.MaxRequestBodySize = limits.Value.MaxRequestBodyBytes);
        // Kestrel's "body too large" is thrown while the handler reads: answer it with its own status, not 500.
        services.Configure<ExceptionHandlerOptions>(o => o.StatusCodeSelector = exception =>
            exception is Microsoft.AspNetCore.Http.BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError);
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RejectedAsync;
            limiter.AddPolicy(IngestPolicy, IngestPartition);
            limiter.AddPolicy(LoginPolicy, http =>
            {
                var perMinute = http.RequestServices.GetRequiredService<IOptions<HttpLimitOptions>>().Value.LoginAttemptsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
        });
        return services;
    }

    /// <summary>Refuses a body over the endpoint's limit before anything reads it, and sets the limit for Kestrel to enforce while reading.</summary>
    public static IApplicationBuilder UseRequestSizeLimit(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var limit = http.GetEndpoint()?.Metadata.GetMetadata<BodyLimit>()?.Bytes
                    ?? http.RequestServices.GetRequiredService<IOptions<HttpLimitOptions>>().Value.MaxRequestBodyBytes;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        if (http.Request.ContentLength > limit)
        {
            http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status413PayloadTooLarge, Title = "Request body too large",
                    Detail = $"The body is {http.Request.ContentLength} bytes; this endpoint takes at most {limit}. Nothing was done.",
                },
            });
            return;
        }

        await next(http);
    });

    /// <summary>
    /// One token bucket per collector (or per user, for people and tools that ingest): <c>Turtle:Ingest:RateLimit:Requests</c>
    /// requests at once, refilled evenly over <c>:Window</c>. Keyed by the name a token carries, not the token, so a collector
    /// presenting its old and new token during a rotation's overlap still gets one allowance. Buckets live in each silo:
    /// a collector that fails over to another gateway starts a fresh one there. Without authentication
    /// (<c>Turtle:Auth:Enabled=false</c>) there is no limit.
    /// </summary>
    private static RateLimitPartition<string> IngestPartition(HttpContext http)
    {
        if (http.User.FindFirst(TurtleClaims.Kind)?.Value is not { } kind || kind == TurtleClaims.KindOpen
            || http.User.Identity?.Name is not { } name)
        {
            return RateLimitPartition.GetNoLimiter("open");
        }

        var rate = http.RequestServices.GetRequiredService<IOptions<IngestOptions>>().Value.RateLimit;
        var who = kind == TurtleClaims.KindCollector ? $"collector:{name}" : $"user:{name}"; // a user's session and tokens share one
        return RateLimitPartition.GetTokenBucketLimiter(who, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = rate.Requests,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = rate.Window / rate.Requests,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask RejectedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
        var seconds = (int)Math.Max(1, Math.Ceiling(retry.TotalSeconds));
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests",
                Detail = $"The rate limit of {http.Request.Path} for {Audit.AuditLog.ActorOf(http.User)} is reached; retry after {seconds} s. Nothing was done.",
            },
        });
    }
}
