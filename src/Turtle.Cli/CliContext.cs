using Spectre.Console;
using Turtle.Cli.Output;
using Turtle.Cli.Api;

namespace Turtle.Cli;

/// <summary>What a command's action works with: the API client, stdout as text and as a Spectre console, stderr, the clock.</summary>
public sealed class CliContext(TurtleApiClient api, TextWriter output, TextWriter error, bool outputRedirected, bool errorRedirected, TimeProvider time)
{
    private IAnsiConsole? _console;
    private IAnsiConsole? _errorConsole;

    public TurtleApiClient Api { get; } = api;

    /// <summary>stdout for machine formats (JSON, CSV, DOT): written as is, no markup.</summary>
    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>stdout for tables.</summary>
    public IAnsiConsole Console => _console ??= Consoles.Create(Output, outputRedirected);

    /// <summary>stderr for progress bars and notes, so they never mix with output a script reads.</summary>
    public IAnsiConsole ErrorConsole => _errorConsole ??= Consoles.Create(Error, errorRedirected);

    public TimeProvider Time { get; } = time;
}
