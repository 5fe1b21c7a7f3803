namespace Turtle.Cli;

/// <summary>What <c>turtle</c> exits with; scripts can tell the cases apart (documented in docs/cli.md).</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Ok = 0;

    /// <summary>The server answered with an error (5xx, or an answer the CLI cannot read), the silo is not ready
    /// (<c>status</c>), the change feed ended, or a local file could not be written.</summary>
    public const int ServerError = 1;

    /// <summary>The command line is wrong: unknown command or option, bad time or range, bad key, or the server refused
    /// the query as invalid (400).</summary>
    public const int Usage = 2;

    /// <summary>What was asked for does not exist (a 404 from the API: no such host).</summary>
    public const int NotFound = 3;

    /// <summary>No silo answered at the server's address (connection refused, name not resolved, timed out).</summary>
    public const int Unreachable = 4;

    /// <summary><c>failover drill</c> failed: a phase was not reached within <c>--timeout</c>, the drill did not start from
    /// Normal, or the fault or restore command failed.</summary>
    public const int DrillFailed = 5;

    /// <summary>The silo refused who asked: no token or a bad one (401), or a role that may not do this (403).</summary>
    public const int NotAllowed = 6;

    /// <summary>Interrupted by Ctrl+C (SIGINT) or SIGTERM, except <c>watch</c>, for which that is the normal end (0).</summary>
    public const int Interrupted = 130;
}
