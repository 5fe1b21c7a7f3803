using System.CommandLine;

namespace Turtle.Cli;

/// <summary>The options every command shares, and the <c>--format</c> option each listing command makes for itself.</summary>
public sealed class CliOptions
{
    /// <summary>The embedded silo's address: what <c>dotnet run --project silo/Turtle.Silo</c> listens on.</summary>
    public const string DefaultServer = "http://127.0.0.1:5080";

    /// <summary>The environment variable that replaces <see cref="DefaultServer"/>.</summary>
    public const string ServerVariable = "TURTLE_SERVER";

    /// <summary><c>--server</c>: the silo's HTTP address; <c>TURTLE_SERVER</c>, else <see cref="DefaultServer"/>.</summary>
    public Option<string> Server { get; } = new("--server", "-s")
    {
        Description = $"The silo's HTTP address (also from the {ServerVariable} environment variable)",
        HelpName = "url",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : DefaultServer,
    };

    /// <summary>The environment variable that gives the API token.</summary>
    public const string TokenVariable = "TURTLE_TOKEN";

    /// <summary><c>--token</c>: the API token sent to the silo; <c>TURTLE_TOKEN</c>, else none (a silo with authentication on answers 401).</summary>
    public Option<string?> Token { get; } = new("--token", "-t")
    {
        Description = $"API token for a silo with authentication (also from the {TokenVariable} environment variable, which keeps it out of the process list)",
        HelpName = "token",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null,
    };

    /// <summary><c>--format</c>, <c>-f</c>: one of <paramref name="formats"/>, the first by default.</summary>
    public static Option<string> Format(params string[] formats) =>
        new Option<string>("--format", "-f")
        {
            Description = "Output format",
            DefaultValueFactory = _ => formats[0],
        }.AcceptOnlyFromAmong(formats);

    /// <summary>The server as a URI; a usage error unless it is an absolute http or https address.</summary>
    public static Uri ParseServer(string text)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }

        throw CliException.Usage($"--server '{text}' is not an http:// or https:// address (like {DefaultServer})");
    }
}
