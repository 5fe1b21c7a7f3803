using System.CommandLine;
using System.Globalization;
using Turtle.Cli.Time;

namespace Turtle.Cli.Commands;

/// <summary>
/// <c>turtle failover drill --fault "deploy/local/three-dcs kill dc1" --restore "deploy/local/three-dcs restore dc1"</c>:
/// injects a fault, follows the failover until the observer DC is promoted, restores, follows until Normal, and sums up
/// how long each step took (see <see cref="FailoverDrill"/>).
/// </summary>
public static class FailoverDrillCommand
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);

    public static Command Create(CliOptions options)
    {
        var fault = new Option<string?>("--fault")
        {
            Description = "Shell command that injects the fault (/bin/sh -c), like \"deploy/local/three-dcs kill dc1\"; without it, inject the fault yourself",
            HelpName = "command",
        };
        var restore = new Option<string?>("--restore")
        {
            Description = "Shell command that ends the fault, run once the observer DC is promoted; the drill then follows until Normal",
            HelpName = "command",
        };
        var timeout = new Option<string>("--timeout")
        {
            Description = "How long to wait for each phase (Promoted after the fault, Normal after the restore): seconds, or 90s, 5m",
            HelpName = "seconds",
            DefaultValueFactory = _ => DefaultTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture),
        };
        var command = new Command("drill", "Inject a fault, follow the failover to Promoted, restore, follow it back to Normal, and time each step (exit 5 on timeout)")
        {
            fault, restore, timeout,
        };
        command.SetRun(options, (context, parse, cancellationToken) =>
        {
            var drill = new FailoverDrill(context, Command(parse.GetValue(fault), "--fault"), Command(parse.GetValue(restore), "--restore"),
                Timeout(parse.GetRequiredValue(timeout)));
            return drill.RunAsync(cancellationToken);
        });
        return command;
    }

    /// <summary>A bare number is seconds (<c>--timeout 120</c>); otherwise a duration like <c>90s</c> or <c>5m</c>.</summary>
    public static TimeSpan Timeout(string text) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            ? seconds > 0 ? TimeSpan.FromSeconds(seconds) : throw CliException.Usage($"--timeout must be positive, not {text}")
            : Duration.Parse(text, "--timeout");

    private static string? Command(string? text, string option) =>
        text is null ? null
        : string.IsNullOrWhiteSpace(text) ? throw CliException.Usage($"{option} needs a shell command, like \"deploy/local/three-dcs kill dc1\"")
        : text;
}
