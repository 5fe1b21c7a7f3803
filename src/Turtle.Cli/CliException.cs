namespace Turtle.Cli;

/// <summary>A failure the CLI explains in one line and turns into an exit code (<see cref="ExitCodes"/>).</summary>
public class CliException(int exitCode, string message, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>The command line asked for something that cannot be: a bad time, range or key.</summary>
    public static CliException Usage(string message) => new(ExitCodes.Usage, message);

    /// <summary>The API has no such thing (a 404).</summary>
    public static CliException NotFound(string message) => new(ExitCodes.NotFound, message);
}
