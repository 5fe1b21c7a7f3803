using Turtle.Cli.Commands;
using Turtle.Cli.Time;

namespace Turtle.Cli.Tests.Commands;

/// <summary>How export pages: chunks of whole steps covering the range exactly once, entities in batches.</summary>
public sealed class ExportPlanTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 15, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeRange Week = new(Start, Start.AddDays(7));

    [Fact]
    public void Chunks_tile_the_range_without_gap_or_overlap()
    {
        var plan = ExportPlan.Create(new TimeRange(Start, Start.AddMinutes(95)), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(30), ["dc1/a"], ["cpu.percent"]);

        var chunks = plan.Chunks().ToList();

        Assert.Equal([0, 30, 60, 90], chunks.Select(c => (int)(c.From - Start).TotalMinutes));
        Assert.Equal(Start.AddMinutes(95), chunks[^1].To);
        Assert.All(chunks.Zip(chunks.Skip(1)), pair => Assert.Equal(pair.First.To, pair.Second.From));
    }

    [Fact]
    public void A_chunk_is_rounded_down_to_whole_steps_and_is_never_shorter_than_one()
    {
        Assert.Equal(TimeSpan.FromMinutes(10), ExportPlan.Create(Week, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(12), ["a"], ["m"]).Chunk);
        Assert.Equal(TimeSpan.FromMinutes(5), ExportPlan.Create(Week, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1), ["a"], ["m"]).Chunk);
    }

    [Fact]
    public void A_week_of_a_thousand_hosts_is_asked_for_in_bounded_pieces()
    {
        var hosts = Enumerable.Range(0, 1000).Select(i => $"dc1/h{i}").ToList();

        var plan = ExportPlan.Create(Week, TimeSpan.FromMinutes(1), null, hosts, ["cpu.percent", "load.avg1"]);

        var pointsPerRequest = ExportPlan.EntitiesPerRequest * (plan.Chunk.Ticks / plan.Step.Ticks);
        Assert.InRange(pointsPerRequest, 1, ExportPlan.PointsPerRequest);
        Assert.Equal(20, plan.Batches().Count());
        Assert.All(plan.Batches(), batch => Assert.True(batch.Count <= ExportPlan.EntitiesPerRequest));
        Assert.Equal(plan.Chunks().Count() * 2L * 20, plan.Requests);
    }

    [Fact]
    public void Few_entities_get_chunks_of_at_most_a_day()
    {
        var plan = ExportPlan.Create(Week, TimeSpan.FromMinutes(1), null, ["dc1/a"], ["cpu.percent"]);

        Assert.Equal(TimeSpan.FromDays(1), plan.Chunk);
        Assert.Equal(7, plan.Chunks().Count());
    }

    [Theory]
    [InlineData("out.csv", true)]
    [InlineData("OUT.CSV", true)]
    [InlineData("out.jsonl", false)]
    [InlineData("out.ndjson", false)]
    public void The_file_type_comes_from_the_extension(string path, bool csv) => Assert.Equal(csv, ExportWriter.For(path).Csv);

    [Fact]
    public void Any_other_extension_is_usage() =>
        Assert.Equal(ExitCodes.Usage, Assert.Throws<CliException>(() => ExportWriter.For("out.xlsx")).ExitCode);
}
