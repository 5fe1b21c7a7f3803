using System.CommandLine;
using Turtle.Cli.Api;
using Turtle.Cli.Output;

namespace Turtle.Cli.Commands;

/// <summary><c>turtle predictions dc1/udm-pro</c>: disk-full ETAs, the 24-hour CPU and memory forecast and anomaly flags; exit 3 for an unknown host.</summary>
public static class PredictionsCommand
{
    public static Command Create(CliOptions options)
    {
        var format = CliOptions.Format("table", "json");
        var key = new Argument<string>("dc/host") { Description = "The host, as <dc>/<host> (dc1/udm-pro)" };
        var command = new Command("predictions", "A host's predictions: when each filesystem fills, CPU and memory over the next 24 h, anomalies; each with its confidence")
        {
            key, format,
        };
        command.SetRun(options, async (context, parse, cancellationToken) =>
        {
            var host = HostKey.Parse(parse.GetValue(key));
            var predictions = await context.Api.GetPredictionsAsync(host, cancellationToken) ?? throw CliException.NotFound($"no host {host}");
            if (parse.GetValue(format) == "json")
            {
                JsonOutput.Write(context.Output, predictions, TurtleJsonContext.Indented.HostPredictions);
            }
            else
            {
                foreach (var part in PredictionView.Render(predictions, context.Time.GetUtcNow()))
                {
                    context.Console.Write(part);
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
