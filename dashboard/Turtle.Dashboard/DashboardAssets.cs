using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Turtle.Dashboard;

/// <summary>
/// Serves the dashboard's CSS and JavaScript from resources embedded in this assembly (<c>/dashboard/assets/…</c>),
/// so a silo and a standalone dashboard serve the same files with no static-file set-up, offline.
/// </summary>
public static class DashboardAssets
{
    private const string Prefix = "assets/";

    /// <summary>Changes with every build: appended to asset URLs so browsers never run a stale bundle.</summary>
    public static string Version { get; } = typeof(DashboardAssets).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..12];

    internal static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/dashboard/assets/{**path}", (string path, HttpContext http) =>
        {
            var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream(Prefix + path);
            if (stream is null)
            {
                return Results.NotFound();
            }

            var etag = $"\"{Version}\"";
            http.Response.Headers.ETag = etag;
            http.Response.Headers.CacheControl = "no-cache"; // revalidate: cheap with the ETag, and never stale
            if (http.Request.Headers.IfNoneMatch == etag)
            {
                stream.Dispose();
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }

            return Results.Stream(stream, ContentType(path));
        }).ExcludeFromDescription().AllowAnonymous(); // the sign-in page needs its styles

    private static string ContentType(string path) => Path.GetExtension(path) switch
    {
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        _ => "application/octet-stream",
    };
}
