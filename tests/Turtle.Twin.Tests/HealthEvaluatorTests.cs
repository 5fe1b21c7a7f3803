using Turtle.Twin.Health;
using Turtle.Twin.Twins;

namespace Turtle.Twin.Tests;

public class HealthEvaluatorTests
{
    private static readonly HealthRule Disk = new() { Metric = "fs[*].used_percent", Warning = 85, Critical = 95, Hysteresis = 2 };

    [Theory]
    [InlineData("fs[/].used_percent", true)]
    [InlineData("fs[/var/lib/docker].used_percent", true)]
    [InlineData("fs[].used_percent", false)]
    [InlineData("fs[/].used_bytes", false)]
    [InlineData("disk[sda].used_percent", false)]
    public void A_wildcard_rule_matches_every_device_of_its_family(string metric, bool matches) =>
        Assert.Equal(matches, Disk.Matches(metric));

    [Fact]
    public void Each_device_keeps_its_own_level()
    {
        var evaluator = new HealthEvaluator([Disk]);
        var first = evaluator.Evaluate(new Dictionary<string, double> { ["fs[/].used_percent"] = 86, ["fs[/data].used_percent"] = 96 }, []);

        var second = evaluator.Evaluate(new Dictionary<string, double> { ["fs[/].used_percent"] = 84, ["fs[/data].used_percent"] = 94 }, first);

        Assert.Equal(["fs[/data].used_percent Critical", "fs[/].used_percent Warning"], second.Select(f => $"{f.Metric} {f.Level}").ToArray());
        Assert.Equal(HealthStatus.Critical, HealthEvaluator.Worst(second));
    }

    [Fact]
    public void A_metric_no_longer_reported_leaves_no_finding()
    {
        var evaluator = new HealthEvaluator([Disk]);
        var first = evaluator.Evaluate(new Dictionary<string, double> { ["fs[/mnt].used_percent"] = 99 }, []);

        Assert.Empty(evaluator.Evaluate(new Dictionary<string, double>(), first));
    }
}
