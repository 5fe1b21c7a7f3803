using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Turtle.Silo.Security;

/// <summary>The 401 and 403 answers of the API and live streams: problem+json, saying what is missing.</summary>
internal static class AuthProblems
{
    /// <summary>Set by the bearer handler when a presented token was refused, for the 401's detail and the audit log.</summary>
    public const string RefusalItem = "turtle.auth.refusal";

    public static Task Unauthorized(HttpContext http)
    {
        var refusal = http.Items[RefusalItem] as string;
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        http.Response.Headers.WWWAuthenticate = refusal is null
            ? "Bearer realm=\"turtle\""
            : $"Bearer realm=\"turtle\", error=\"invalid_token\", error_description=\"{refusal}\"";
        return Write(http, StatusCodes.Status401Unauthorized, "Authentication required",
            refusal is null
                ? "Send an API token (Authorization: Bearer <token>; turtle --token or TURTLE_TOKEN), or sign in to the dashboard. See docs/security.md."
                : $"The token was refused: {refusal}. See docs/security.md.");
    }

    public static Task Forbidden(HttpContext http)
    {
        var policy = http.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().LastOrDefault(a => a.Policy is not null)?.Policy;
        var who = http.User.Identity?.Name ?? "this principal";
        var role = http.User.FindFirst(TurtleClaims.Role)?.Value ?? "none";
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Write(http, StatusCodes.Status403Forbidden, "Not allowed",
            $"{who} (role {role}) may not {http.Request.Method} {http.Request.Path}: it needs {AuthPolicies.Needs(policy)}. See the roles table in docs/security.md.");
    }

    private static Task Write(HttpContext http, int status, string title, string detail)
    {
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}
