using System.CommandLine;
using Spectre.Console;
using Turtle.Cli.Api;
using Turtle.Cli.Output;
using Turtle.Cli.Time;

namespace Turtle.Cli.Commands;

/// <summary>
/// <c>turtle export --from -7d --to now --out fleet.csv [--entity dc1/a ...] [--metric cpu.percent ...] [--step 1m]</c>:
/// history to a CSV or JSON Lines file, paged by time chunks (<see cref="ExportPlan"/>) with a progress bar on stderr.
/// Written to <c>FILE.partial</c> and renamed when complete, so a failed export never leaves a file that looks whole.
/// </summary>
public static class ExportCommand
{
    /// <summary>What is exported when no <c>--metric</c> is given.</summary>
    public static readonly IReadOnlyList<string> DefaultMetrics = ["cpu.percent", "memory.used_percent", "load.avg1"];

    private static readonly TimeSpan DefaultLength = TimeSpan.FromHours(24);

    public static Command Create(CliOptions options)
    {
        var time = new TimeOptions("-24h");
        var output = new Option<FileInfo>("--out", "-o") { Description = "The file to write: .csv, or .jsonl (one JSON object per line)", HelpName = "file", Required = true };
        var entities = new Option<string[]>("--entity") { Description = "An entity to export (repeat for several) [default: every host]", HelpName = "key" };
        var metrics = new Option<string[]>("--metric") { Description = $"A metric to export (repeat for several) [default: {string.Join(", ", DefaultMetrics)}]", HelpName = "name" };
        var step = TimeOptions.Step("Bucket width [default: 1m]");
        var chunk = new Option<string?>("--chunk") { Description = "Time per request, whole steps [default: up to 20,000 points per request, at most 1d]", HelpName = "duration" };
        var command = new Command("export", "Export history to a CSV or JSON Lines file, paging by time chunks")
        {
            time.From, time.To, output, entities, metrics, step, chunk,
        };
        command.SetRun(options, async (context, parse, cancellationToken) =>
        {
            var width = parse.GetValue(step) is { } stepText ? Duration.Parse(stepText, "--step") : TimeSpan.FromMinutes(1);
            var range = time.Range(parse, context.Time.GetUtcNow(), DefaultLength).Align(width);
            var chunkLength = parse.GetValue(chunk) is { } chunkText ? Duration.Parse(chunkText, "--chunk") : (TimeSpan?)null;
            var file = parse.GetRequiredValue(output);
            var writer = ExportWriter.For(file.FullName);
            var keys = parse.GetValue(entities) is { Length: > 0 } chosen
                ? chosen.Distinct(StringComparer.Ordinal).ToList()
                : (await context.Api.GetHostsAsync(null, null, cancellationToken)).Select(h => h.Key).Order(StringComparer.Ordinal).ToList();
            var names = parse.GetValue(metrics) is { Length: > 0 } named ? named.Distinct(StringComparer.Ordinal).ToList() : DefaultMetrics.ToList();
            var plan = ExportPlan.Create(range, width, chunkLength, keys, names);

            var rows = await WriteAsync(context, plan, writer, cancellationToken);
            context.Output.WriteLine($"Exported {rows} rows ({keys.Count} entities, {names.Count} metrics, {Cells.Iso(range.From)} to {Cells.Iso(range.To)}, step {Duration.Format(width)}) to {file.FullName}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<long> WriteAsync(CliContext context, ExportPlan plan, ExportWriter writer, CancellationToken cancellationToken)
    {
        long rows = 0;
        await using var file = writer.Open();
        try
        {
            await context.ErrorConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask($"Exporting to {Markup.Escape(Path.GetFileName(writer.Path))}", maxValue: Math.Max(1, plan.Requests));
                    foreach (var chunk in plan.Chunks())
                    {
                        foreach (var metric in plan.Metrics)
                        {
                            foreach (var batch in plan.Batches())
                            {
                                var series = await context.Api.GetHistoryAsync(batch, metric, chunk.From, chunk.To, plan.Step, cancellationToken);
                                foreach (var row in series.SelectMany(HistoryRow.Of))
                                {
                                    file.Write(row);
                                    rows++;
                                }

                                task.Increment(1);
                            }
                        }
                    }

                    task.Value = task.MaxValue;
                });
            await file.CompleteAsync();
            return rows;
        }
        catch
        {
            file.Abandon();
            throw;
        }
    }
}
