using System.CommandLine;
using Spectre.Console;
using Turtle.Cli.Api;
using Turtle.Cli.Output;
using Turtle.Cli.Time;

namespace Turtle.Cli.Commands;

/// <summary>
/// <c>turtle history dc1/udm-pro cpu.percent --from -24h --to now --step 5m [--format table|csv|json]</c>: one metric of one
/// entity (host, process or link key), min/max/avg/last/count per step, from the history tier that fits the step.
/// </summary>
public static class HistoryCommand
{
    private static readonly TimeSpan DefaultLength = TimeSpan.FromHours(1);

    public static Command Create(CliOptions options)
    {
        var format = CliOptions.Format("table", "csv", "json");
        var entity = new Argument<string>("entity") { Description = "A host (dc1/udm-pro), process (dc2/nas/1187@1763661791) or link (dc2/nas->dc1) key" };
        var metric = new Argument<string>("metric") { Description = "A metric name: cpu.percent, memory.used_percent, load.avg1, fs[/].used_percent, rtt_ms, …" };
        var time = new TimeOptions("-1h");
        var step = TimeOptions.Step("Bucket width: 30s, 5m, 1h, 1d; --from and --to are then rounded out to whole steps [default: the range / 120, chosen by the server]");
        var command = new Command("history", "A metric's history for one entity, one point per step") { entity, metric, time.From, time.To, step, format };
        command.SetRun(options, async (context, parse, cancellationToken) =>
        {
            var range = time.Range(parse, context.Time.GetUtcNow(), DefaultLength);
            var width = parse.GetValue(step) is { } text ? Duration.Parse(text, "--step") : (TimeSpan?)null;
            range = width is { } whole ? range.Align(whole) : range;
            var key = parse.GetRequiredValue(entity);
            var name = parse.GetRequiredValue(metric);
            var series = await context.Api.GetHistoryAsync([key], name, range.From, range.To, width, cancellationToken);
            switch (parse.GetValue(format))
            {
                case "json":
                    JsonOutput.Write(context.Output, series, TurtleJsonContext.Indented.ListHistorySeries);
                    break;
                case "csv":
                    HistoryCsv.WriteHeader(context.Output);
                    foreach (var row in series.SelectMany(HistoryRow.Of))
                    {
                        HistoryCsv.WriteRow(context.Output, row);
                    }

                    context.Output.Flush();
                    break;
                default:
                    if (series.All(one => one.Points.Count == 0))
                    {
                        context.Console.MarkupLine(Markup.Escape($"No samples of {name} for {key} from {Cells.Iso(range.From)} to {Cells.Iso(range.To)}."));
                    }

                    foreach (var one in series.Where(one => one.Points.Count > 0))
                    {
                        context.Console.Write(HistoryTable.Render(one));
                    }

                    break;
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
