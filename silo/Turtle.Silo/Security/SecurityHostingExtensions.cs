using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Turtle.Dashboard.Security;
using Turtle.Silo.Audit;
using Turtle.Twin.Security;

namespace Turtle.Silo.Security;

/// <summary>
/// Who may do what over HTTP (docs/security.md): API tokens (<see cref="BearerTokenHandler"/>) for collectors and tools,
/// a cookie for people signed in to the dashboard, chosen per request by a policy scheme (an Authorization header means
/// a token); named policies per role with <see cref="AuthPolicies.Viewer"/> as the fallback, so an endpoint nobody
/// marked still needs a viewer; the audit log; rate and size limits.
/// </summary>
public static class SecurityHostingExtensions
{
    private const string SelectorScheme = "Turtle";

    public static IServiceCollection AddSiloSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>());
        services.AddOptions<AuditOptions>().Bind(configuration.GetSection(AuditOptions.SectionName)).ValidateOnStart()
            .Validate(o => o.RetentionDays is >= 1 and <= 3650, $"{AuditOptions.SectionName}:RetentionDays must be between 1 and 3650")
            .Validate(o => o.MaxEntriesPerDay >= 100, $"{AuditOptions.SectionName}:MaxEntriesPerDay must be at least 100")
            .Validate(o => o.FlushInterval > TimeSpan.Zero && o.FlushInterval <= TimeSpan.FromMinutes(5), $"{AuditOptions.SectionName}:FlushInterval must be above 00:00:00 and at most 00:05:00")
            .Validate(o => o.RefusalQuiet >= TimeSpan.Zero, $"{AuditOptions.SectionName}:RefusalQuiet must not be negative");
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SystemStorage>();
        services.AddSingleton<TokenRegistry>();
        services.AddSingleton<UserStore>();
        // The same users for the standalone dashboard, through IUserDirectoryGrain.
        services.AddSingleton<IUserDirectory, SiloUserDirectory>();
        services.AddSingleton<AuditLog>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditLog>());
        services.AddHostedService<AdminBootstrap>();

        // The choice decides which schemes exist, so it is read now (as the storage provider is).
        var enabled = configuration.GetValue(AuthOptions.SectionName + ":" + nameof(AuthOptions.Enabled), true);
        var authentication = services.AddAuthentication(enabled ? SelectorScheme : OpenAccessHandler.SchemeName);
        if (enabled)
        {
            authentication
                .AddPolicyScheme(SelectorScheme, "API token or dashboard sign-in", o => o.ForwardDefaultSelector = http =>
                    http.Request.Headers.Authorization.Count > 0 ? BearerTokenHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
                .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null)
                .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme);
            services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
                .Configure<IOptions<AuthOptions>>((cookie, auth) => SessionCookie.Configure(cookie, auth.Value.SessionLifetime, IsPage,
                    AuthProblems.Unauthorized, AuthProblems.Forbidden, ValidateSessionAsync));
        }
        else
        {
            authentication.AddScheme<AuthenticationSchemeOptions, OpenAccessHandler>(OpenAccessHandler.SchemeName, null);
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(AuthPolicies.Viewer, p => p.RequireRole(Roles.Viewer))
            .AddPolicy(AuthPolicies.Operator, p => p.RequireRole(Roles.Operator))
            .AddPolicy(AuthPolicies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(AuthPolicies.Ingest, p => p.RequireRole(Roles.Collector, Roles.Operator))
            .AddPolicy(AuthPolicies.Metrics, p => p.RequireAssertion(context => context.User.IsInRole(Roles.Viewer) || AnonymousMetrics(context)))
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireRole(Roles.Viewer).Build());
        services.AddSiloLimits(configuration);
        return services;
    }

    /// <summary>
    /// Authentication, the audit of each request's outcome, size limits, authorization and rate limits, in that order:
    /// the audit wraps every refusal after it, so a 413 names who sent the body, as a 401, 403 or 429 does.
    /// </summary>
    public static WebApplication UseSiloSecurity(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseMiddleware<AuditMiddleware>();
        app.UseRequestSizeLimit();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    /// <summary>A session of a user who was deleted, or whose role changed, ends at the next request.</summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var users = context.HttpContext.RequestServices.GetRequiredService<UserStore>();
        var name = context.Principal?.Identity?.Name;
        var role = context.Principal?.FindFirst(TurtleClaims.Role)?.Value;
        if (name is null || await users.FindAsync(name, context.HttpContext.RequestAborted) is not { } user || user.Role != role)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    /// <summary>A page a browser navigates to: a GET outside the API, the streams, the assets and the machine endpoints.</summary>
    internal static bool IsPage(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) &&
        !(request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/dashboard") || request.Path.StartsWithSegments("/openapi") ||
          request.Path.StartsWithSegments("/metrics") || request.Path.StartsWithSegments("/health") || request.Path.StartsWithSegments("/account"));

    private static bool AnonymousMetrics(AuthorizationHandlerContext context) =>
        context.Resource is HttpContext http &&
        http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.AnonymousMetricsOnLoopback &&
        http.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);

    /// <summary>The principal of a dashboard session: the user's name, role claims, and the role itself (checked on each request).</summary>
    internal static ClaimsPrincipal SessionPrincipal(StoredUser user) =>
        SessionClaims.Session(CookieAuthenticationDefaults.AuthenticationScheme, user.Name, user.Role);
}
