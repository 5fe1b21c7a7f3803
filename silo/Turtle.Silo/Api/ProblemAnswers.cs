using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;

namespace Turtle.Silo.Api;

/// <summary>
/// Every error as <c>application/problem+json</c>, including the ones ASP.NET Core raises before a handler runs: a
/// query value that does not bind (<c>?processes=maybe</c>) or a body over the server's limit is a
/// <see cref="BadHttpRequestException"/>, answered with its own status (400, 413) instead of 500 or an empty 400.
/// </summary>
public static class ProblemAnswers
{
    public static IServiceCollection AddSiloProblemAnswers(this IServiceCollection services)
    {
        services.AddProblemDetails();
        // Binding failures throw (in every environment, not only Development), so the handler below can explain them.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    public static IApplicationBuilder UseSiloProblemAnswers(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
            // A client's bad request is not the server's error: no error log for it (the answer explains it).
            SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException,
        });
        app.UseStatusCodePages();
        return app;
    }
}
