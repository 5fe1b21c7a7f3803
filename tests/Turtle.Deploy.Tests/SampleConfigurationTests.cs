using System.Text.RegularExpressions;
using Turtle.Collector.Agent;

namespace Turtle.Deploy.Tests;

/// <summary>
/// The per-DC samples say only what the product understands: every silo setting in them is a documented one
/// (docs/configuration.md), and every collector file passes the collector's own loader and validator.
/// </summary>
public sealed partial class SampleConfigurationTests
{
    public static TheoryData<string> EnvironmentFiles() => new(
        Repository.Files("deploy/config", "*.env").Concat(Directory.GetFiles(Repository.Path("deploy", "kubernetes", "overlays"), "silo.env", SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(Repository.Root, f)).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(EnvironmentFiles))]
    public void Every_silo_setting_in_a_sample_is_documented(string file)
    {
        var documented = DocumentedSetting().Matches(File.ReadAllText(Repository.Path("docs", "configuration.md"))).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var settings = File.ReadAllLines(Repository.Path(file)).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l[..l.IndexOf('=')]).ToList();
        Assert.NotEmpty(settings);

        var unknown = settings
            .Where(name => name.StartsWith("Turtle__", StringComparison.Ordinal))
            .Select(name => string.Join(':', name.Split("__").Select(part => part.All(char.IsAsciiDigit) ? "N" : part)))
            .Where(key => !documented.Contains(key))
            .ToList();
        Assert.True(unknown.Count == 0, $"{file} sets undocumented settings: {string.Join(", ", unknown)}");
        Assert.All(settings, name => Assert.Matches("^(Turtle__|Kestrel__|ConnectionStrings__)", name));
    }

    [Fact]
    public void The_three_dcs_samples_agree_on_the_cluster_and_differ_in_dc_and_role()
    {
        var samples = new[] { "dc1", "dc2", "dc3" }.ToDictionary(dc => dc, dc => Read(Repository.Path("deploy", "config", $"{dc}.env")));
        Assert.Single(samples.Values.Select(s => s["Turtle__ClusterId"]).Distinct());
        Assert.Equal(["active", "active", "observer"], samples.Values.Select(s => s["Turtle__Role"]));
        Assert.All(samples, s => Assert.Equal(s.Key, s.Value["Turtle__Dc"]));
        Assert.All(samples.Values, s => Assert.Equal("postgres", s["Turtle__Clustering__Provider"]));
        Assert.All(samples.Values, s => Assert.Equal("/etc/turtle/tls/ca.crt", s["Turtle__Networking__Tls__CaCertificatePath"]));
        Assert.DoesNotContain(samples.Values, s => s.ContainsKey("ConnectionStrings__Turtle"));
    }

    public static TheoryData<string> CollectorFiles() => new(
        Repository.Files("deploy/config", "collector-*.yaml").Concat(Directory.GetFiles(Repository.Path("deploy", "kubernetes", "overlays"), "collector.yaml", SearchOption.AllDirectories))
            .Append(Repository.Path("deploy", "collector", "collector.example.yaml"))
            .Select(f => Path.GetRelativePath(Repository.Root, f)).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(CollectorFiles))]
    public void Every_collector_sample_passes_the_collectors_own_validator(string file)
    {
        // The token file is the target host's (the validator wants it to exist): a copy names a token file of the test's.
        var directory = Directory.CreateTempSubdirectory("turtle-collector-sample-");
        try
        {
            var token = Path.Join(directory.FullName, "collector.token");
            File.WriteAllText(token, "ttk_sample");
            var copy = Path.Join(directory.FullName, Path.GetFileName(file));
            File.WriteAllText(copy, TokenFileSetting().Replace(File.ReadAllText(Repository.Path(file)), $"tokenFile: {token}"));

            var commandLine = CommandLine.Parse(["--config", copy]);
            Assert.Null(commandLine.Error);
            var (options, errors) = CollectorSettings.Check(CollectorSettings.Load(commandLine));
            Assert.True(errors.Count == 0, $"{file}: {string.Join("; ", errors)}");
            Assert.NotNull(options);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [GeneratedRegex(@"^tokenFile: \S+", RegexOptions.Multiline)]
    private static partial Regex TokenFileSetting();

    private static Dictionary<string, string> Read(string file) =>
        File.ReadAllLines(file).Where(l => l.Length > 0 && !l.StartsWith('#')).ToDictionary(l => l[..l.IndexOf('=')], l => l[(l.IndexOf('=') + 1)..]);

    [GeneratedRegex(@"^\| `([A-Za-z:]+)`", RegexOptions.Multiline)]
    private static partial Regex DocumentedSetting();
}
