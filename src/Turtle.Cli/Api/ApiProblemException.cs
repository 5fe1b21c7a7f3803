using System.Net;

namespace Turtle.Cli.Api;

/// <summary>
/// The API answered with an error status. <see cref="Problem"/> is its problem+json body when it sent one; the message is
/// the problem's title and detail (and each invalid field), so the one line the CLI prints says what the server said.
/// </summary>
public sealed class ApiProblemException(HttpStatusCode status, ProblemDetails? problem, string? body)
    : CliException(ExitCodeOf(status), Describe(status, problem, body))
{
    public HttpStatusCode Status { get; } = status;

    public ProblemDetails? Problem { get; } = problem;

    private static int ExitCodeOf(HttpStatusCode status) => status switch
    {
        HttpStatusCode.NotFound => ExitCodes.NotFound,
        HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity => ExitCodes.Usage,
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ExitCodes.NotAllowed,
        _ => ExitCodes.ServerError,
    };

    private static string Describe(HttpStatusCode status, ProblemDetails? problem, string? body)
    {
        var code = $"{(int)status} {status}";
        if (problem is null)
        {
            var plain = string.IsNullOrWhiteSpace(body) ? "no details" : body.ReplaceLineEndings(" ").Trim();
            return $"the server answered {code}: {(plain.Length > 200 ? plain[..200] + "…" : plain)}";
        }

        var text = problem.Title ?? code;
        if (!string.IsNullOrWhiteSpace(problem.Detail))
        {
            text += $": {problem.Detail}";
        }

        if (problem.Errors is { Count: > 0 } errors)
        {
            text += $" ({string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))})";
        }

        if (status == HttpStatusCode.Unauthorized)
        {
            text += " (give an API token with --token or TURTLE_TOKEN; turtle login makes one)";
        }

        return $"the server answered {code}: {text}".ReplaceLineEndings(" ");
    }
}
