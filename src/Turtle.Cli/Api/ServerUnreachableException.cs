namespace Turtle.Cli.Api;

/// <summary>No silo answered at <see cref="Server"/>: nothing listens there, the name does not resolve, or no answer came in time.</summary>
public sealed class ServerUnreachableException(Uri server, string reason, Exception? inner = null)
    : CliException(ExitCodes.Unreachable, $"no silo answered at {server} ({reason})", inner)
{
    public Uri Server { get; } = server;
}
