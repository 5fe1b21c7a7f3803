using System.Text.Json;

namespace Turtle.Deploy.Tests;

/// <summary>
/// The Nomad jobs. There is no nomad binary here (<c>nomad job validate</c> would need one), so each file is parsed by
/// HashiCorp's own HCL2 parser (the npm package @cdktf/hcl2json, the Go library compiled to WebAssembly, installed from
/// hcl/package-lock.json) and the parsed structure checked: what Nomad itself would add (its job schema) is not checked.
/// </summary>
public sealed class NomadJobTests
{
    [Fact]
    public async Task The_silo_job_rolls_one_silo_at_a_time_and_checks_live_and_ready_in_every_dc()
    {
        var root = await ParseAsync("turtle-silo.nomad.hcl");
        var job = Single(root.GetProperty("job").GetProperty("turtle-silo"));
        Assert.Equal(["dc1", "dc2", "dc3"], job.GetProperty("datacenters").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal("service", job.GetProperty("type").GetString());
        var update = Single(job.GetProperty("update"));
        Assert.Equal(1, update.GetProperty("max_parallel").GetInt32());
        Assert.Equal("checks", update.GetProperty("health_check").GetString());

        var dcs = Single(root.GetProperty("locals")).GetProperty("dcs");
        Assert.Equal(["dc1", "dc2", "dc3"], dcs.EnumerateObject().Select(p => p.Name));
        Assert.Equal("observer", dcs.GetProperty("dc3").GetProperty("role").GetString());

        var group = Single(Single(job.GetProperty("dynamic").GetProperty("group")).GetProperty("content"));
        var paths = Single(group.GetProperty("service")).GetProperty("check").EnumerateArray().Select(c => c.GetProperty("path").GetString());
        Assert.Equal(["/health/live", "/health/ready"], paths);

        var task = Single(group.GetProperty("task").GetProperty("silo"));
        Assert.Equal("docker", task.GetProperty("driver").GetString());
        Assert.Equal("90s", task.GetProperty("kill_timeout").GetString());
        var resources = Single(task.GetProperty("resources"));
        Assert.True(resources.GetProperty("memory_max").GetInt32() > 0);
        var env = Single(task.GetProperty("env"));
        Assert.StartsWith("${NOMAD_SECRETS_DIR}/", env.GetProperty("Turtle__Networking__Tls__KeyPath").GetString());
        Assert.DoesNotContain("ConnectionStrings__Turtle", env.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task The_collector_job_runs_on_every_node_reading_the_host()
    {
        var root = await ParseAsync("turtle-collector.nomad.hcl");
        var job = Single(root.GetProperty("job").GetProperty("turtle-collector"));
        Assert.Equal("system", job.GetProperty("type").GetString());
        var task = Single(Single(job.GetProperty("group").GetProperty("collector")).GetProperty("task").GetProperty("collector"));
        var config = Single(task.GetProperty("config"));
        var targets = config.GetProperty("mount").EnumerateArray().Select(m => (m.GetProperty("target").GetString(), m.GetProperty("readonly").GetBoolean()));
        Assert.Equal([("/host/proc", true), ("/host/sys", true), ("/host/etc", true)], targets);
        var templates = task.GetProperty("template").EnumerateArray().ToDictionary(t => t.GetProperty("destination").GetString()!, t => t.GetProperty("data").GetString()!);
        Assert.Contains("root: /host", templates["local/collector.yaml"]);
        Assert.Contains("tokenFile: /secrets/collector.token", templates["local/collector.yaml"]);
        Assert.Contains("nomadVar", templates["secrets/collector.token"]);
    }

    [Fact]
    public async Task A_broken_job_file_is_refused_by_the_parser()
    {
        var broken = Path.Join(Path.GetTempPath(), $"turtle-broken-{Guid.NewGuid():N}.hcl");
        File.WriteAllText(broken, File.ReadAllText(Repository.Path("deploy", "nomad", "turtle-collector.nomad.hcl")).Replace("type        = \"system\"", "type = ", StringComparison.Ordinal));
        try
        {
            var (exitCode, _, error) = await RunParserAsync(broken);
            Assert.NotEqual(0, exitCode);
            Assert.Contains("turtle-broken", error);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    private static JsonElement Single(JsonElement blocks) => blocks.ValueKind == JsonValueKind.Array ? Assert.Single(blocks.EnumerateArray()) : blocks;

    private static async Task<JsonElement> ParseAsync(string job)
    {
        var (exitCode, output, error) = await RunParserAsync(Repository.Path("deploy", "nomad", job));
        Assert.True(exitCode == 0, $"{job} does not parse as HCL2: {error}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    private static Task<(int ExitCode, string Output, string Error)> RunParserAsync(string file)
    {
        var parser = Repository.Path("tests", "Turtle.Deploy.Tests", "hcl");
        Assert.True(Directory.Exists(Path.Join(parser, "node_modules", "@cdktf", "hcl2json")),
            $"The HCL parser is not installed: run 'npm ci' in {parser} (the test project's build does it when Node.js is installed).");
        return Repository.RunAsync(Repository.Tool("node", "nodejs"), Path.Join(parser, "hcl2json.js"), file);
    }
}
