using System.CommandLine;
using Spectre.Console;

namespace Turtle.Cli.Commands;

/// <summary>
/// <c>turtle login --user admin</c>: trades the user's password for an API token with the user's role and prints it,
/// for <c>TURTLE_TOKEN</c>. The password comes from standard input with <c>--password-stdin</c>, else from a prompt.
/// </summary>
public static class LoginCommand
{
    public static Command Create(CliOptions options)
    {
        var user = new Option<string>("--user", "-u") { Description = "The user to sign in as", Required = true, HelpName = "name" };
        var stdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input (one line) instead of prompting" };
        var command = new Command("login", "Get an API token for a user (the password is asked for, or read with --password-stdin); prints the token once")
        {
            user, stdin,
        };
        command.SetRun(options, async (context, parse, cancellationToken) =>
        {
            var password = parse.GetValue(stdin)
                ? (await Console.In.ReadLineAsync(cancellationToken))?.TrimEnd('\r', '\n')
                : context.ErrorConsole.Prompt(new TextPrompt<string>("Password:").Secret());
            if (string.IsNullOrEmpty(password))
            {
                throw CliException.Usage("no password given");
            }

            var issued = await context.Api.LoginAsync(parse.GetRequiredValue(user), password, cancellationToken);
            context.Error.WriteLine($"Token {issued.Token.Id} for {issued.Token.Name}, role {issued.Token.Role}, expires {Output.Cells.Time(issued.Token.Expires)}; use it with:");
            context.Error.WriteLine($"  export {CliOptions.TokenVariable}=<the line below>");
            context.Output.WriteLine(issued.Secret);
            context.Output.Flush();
            return ExitCodes.Ok;
        });
        return command;
    }
}
