using System.CommandLine;
using Turtle.Cli.Api;

namespace Turtle.Cli;

/// <summary>
/// Runs a command's action with a <see cref="CliContext"/> and turns every failure into one line on stderr
/// (<c>turtle: …</c>) and its exit code (<see cref="ExitCodes"/>).
/// </summary>
public static class CommandRunner
{
    public static void SetRun(this Command command, CliOptions options, Func<CliContext, ParseResult, CancellationToken, Task<int>> run) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            try
            {
                var server = CliOptions.ParseServer(parse.GetRequiredValue(options.Server));
                using var api = new TurtleApiClient(server, token: parse.GetValue(options.Token));
                var context = new CliContext(api, output, error, Console.IsOutputRedirected, Console.IsErrorRedirected, TimeProvider.System);
                return await run(context, parse, cancellationToken);
            }
            catch (CliException exception)
            {
                return Fail(error, exception.Message, exception.ExitCode);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return Fail(error, "interrupted", ExitCodes.Interrupted);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                return Fail(error, exception.Message, ExitCodes.ServerError);
            }
            catch (Exception exception)
            {
                // A bug here or an answer nobody foresaw: still one line, still a failure a script can see.
                return Fail(error, $"unexpected {exception.GetType().Name}: {exception.Message}", ExitCodes.ServerError);
            }
        });

    public static int Fail(TextWriter error, string message, int exitCode)
    {
        error.WriteLine($"turtle: {message}");
        error.Flush();
        return exitCode;
    }
}
