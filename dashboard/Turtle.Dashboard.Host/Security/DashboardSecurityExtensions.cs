using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Turtle.Dashboard.Security;
using Turtle.Twin.Security;

namespace Turtle.Dashboard.Host.Security;

/// <summary>
/// Sign-in for the standalone dashboard, as on a silo (docs/security.md): the <c>/login</c> form sets the
/// <c>turtle.session</c> cookie for a user of the cluster (checked through <see cref="ClusterUsers"/>), every endpoint
/// needs a viewer unless it says otherwise, a page without a session redirects to <c>/login</c> and anything else
/// (live streams, assets' API-ish paths) gets a 401. <c>Turtle:Auth:Enabled=false</c> turns it off, only explicitly.
/// </summary>
public static class DashboardSecurityExtensions
{
    /// <summary>The rate limiter policy of <c>POST /account/login</c>.</summary>
    public const string LoginPolicy = "login";

    public static IServiceCollection AddDashboardSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DashboardAuthOptions>().Bind(configuration.GetSection(DashboardAuthOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DashboardAuthOptions>, DashboardAuthOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ClusterUsers>();

        // The choice decides which schemes exist, so it is read now.
        var enabled = configuration.GetValue(DashboardAuthOptions.SectionName + ":" + nameof(DashboardAuthOptions.Enabled), true);
        if (enabled)
        {
            services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
            services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
                .Configure<IOptions<DashboardAuthOptions>>((cookie, auth) => SessionCookie.Configure(cookie, auth.Value.SessionLifetime, IsPage,
                    http => Problem(http, StatusCodes.Status401Unauthorized, "Sign-in required", "Sign in at /login first."),
                    http => Problem(http, StatusCodes.Status403Forbidden, "Forbidden", "This needs the role viewer or above."),
                    ValidateSessionAsync));
        }
        else
        {
            services.AddAuthentication(OpenAccessHandler.SchemeName)
                .AddScheme<AuthenticationSchemeOptions, OpenAccessHandler>(OpenAccessHandler.SchemeName, null);
        }

        // Every endpoint needs a viewer unless it allows anonymous access, so a page added later is closed until opened.
        services.AddAuthorizationBuilder().SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireRole(UserRoles.Viewer).Build());
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return new ValueTask(Problem(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many sign-in attempts",
                    "Too many sign-in attempts from this address; try again in a minute."));
            };
            limiter.AddPolicy(LoginPolicy, http =>
            {
                var perMinute = http.RequestServices.GetRequiredService<IOptions<DashboardAuthOptions>>().Value.LoginAttemptsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
        });
        return services;
    }

    /// <summary>Authentication, authorization and the sign-in rate limit, in that order; a warning at start when sign-in is off.</summary>
    public static WebApplication UseDashboardSecurity(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<DashboardAuthOptions>>().Value.Enabled)
        {
            app.Logger.LogWarning("Sign-in is OFF (Turtle:Auth:Enabled=false): everyone who reaches this dashboard acts as an admin. Not for an address anyone else can reach.");
        }

        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    /// <summary>A session of a user who was deleted, or whose role changed, ends (within <see cref="DashboardAuthOptions.CacheFor"/>).</summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var name = context.Principal?.Identity?.Name;
        var role = context.Principal?.FindFirst(SessionClaims.Role)?.Value;
        ClusterUser? user;
        try
        {
            user = name is null ? null : await context.HttpContext.RequestServices.GetRequiredService<ClusterUsers>().FindAsync(name);
        }
        catch (Exception exception) when (exception is SiloUnavailableException or TimeoutException)
        {
            // The cluster cannot say whether the user still exists: refuse this request (fail closed) but keep the
            // cookie, so the session resumes once a gateway answers again.
            context.HttpContext.RequestServices.GetRequiredService<ILogger<ClusterUsers>>()
                .LogWarning(exception, "Could not check the session of {User} with the cluster; request refused", name);
            context.RejectPrincipal();
            return;
        }

        if (user is null || user.Role != role)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    /// <summary>A page a browser navigates to: a GET outside the live streams and assets, health and the sign-in endpoints.</summary>
    internal static bool IsPage(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) &&
        !(request.Path.StartsWithSegments("/dashboard") || request.Path.StartsWithSegments("/health") ||
          request.Path.StartsWithSegments("/account") || request.Path.StartsWithSegments("/api"));

    private static Task Problem(HttpContext http, int status, string title, string detail) =>
        Results.Problem(detail, statusCode: status, title: title).ExecuteAsync(http);
}
