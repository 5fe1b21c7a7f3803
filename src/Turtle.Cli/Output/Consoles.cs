using Spectre.Console;

namespace Turtle.Cli.Output;

/// <summary>Spectre consoles over stdout (tables) and stderr (progress, notes), sized for pipes as well as terminals.</summary>
public static class Consoles
{
    /// <summary>
    /// A console writing to <paramref name="writer"/>. Redirected output (a pipe, a file, a test) has no width of its own:
    /// tables get <c>COLUMNS</c> when set, else 200 columns, so rows are not wrapped at 80.
    /// </summary>
    public static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (redirected)
        {
            console.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns > 0 ? columns : 200;
        }

        return console;
    }
}
