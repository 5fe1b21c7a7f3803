namespace Turtle.Deploy.Tests;

/// <summary>
/// The container files, read as an image builder would: no Docker daemon or BuildKit here (docker build --check needs
/// both), so their structure is checked instead: multi-stage from the .NET images, a small runtime stage, a non-root
/// user, a health check, nothing fetched by ADD, and the projects they publish exist.
/// </summary>
public sealed class ContainerfileTests
{
    public static TheoryData<string> Containerfiles() => new(Repository.Files("deploy/containers", "*.Containerfile").Select(Path.GetFileName)!);

    /// <summary>
    /// Every runnable project the repository ships (an Exe or a web app under src/, silo/ or dashboard/; tests,
    /// benchmarks and examples are not shipped) is published by exactly one container file, found from the projects
    /// themselves, so an executable added later without an image fails here.
    /// </summary>
    [Fact]
    public void There_is_one_per_executable()
    {
        var executables = ShippedExecutables();
        Assert.Contains("dashboard/Turtle.Dashboard.Host", executables); // the discovery itself works
        var published = Repository.Files("deploy/containers", "*.Containerfile")
            .SelectMany(file => PublishedProjects(Instructions(File.ReadAllText(file))).Select(project => (File: Path.GetFileName(file), Project: project)))
            .ToList();

        foreach (var executable in executables)
        {
            var files = published.Where(p => p.Project == executable).Select(p => p.File).ToList();
            Assert.True(files.Count == 1, $"{executable} is published by {files.Count} container files ({string.Join(", ", files)}); expected one");
        }

        Assert.Equal(executables.Count, Repository.Files("deploy/containers", "*.Containerfile").Length);
    }

    /// <summary>Project folders (relative, with /) under src/, silo/ and dashboard/ whose project builds something to run.</summary>
    internal static List<string> ShippedExecutables() =>
        new[] { "src", "silo", "dashboard" }
            .SelectMany(root => Directory.GetFiles(Repository.Path(root), "*.csproj", SearchOption.AllDirectories))
            .Where(IsRunnable)
            .Select(project => Path.GetRelativePath(Repository.Root, Path.GetDirectoryName(project)!).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static bool IsRunnable(string project)
    {
        var xml = System.Xml.Linq.XDocument.Load(project).Root!;
        return xml.Attribute("Sdk")?.Value == "Microsoft.NET.Sdk.Web" ||
               xml.Descendants("OutputType").Any(o => o.Value.Trim().Equals("Exe", StringComparison.OrdinalIgnoreCase));
    }

    private static IEnumerable<string> PublishedProjects(List<(string Verb, string Arguments)> instructions) =>
        instructions.Where(i => i.Verb == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal))
            .Select(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipWhile(w => w != "publish").Skip(1).First().TrimEnd('/'));

    [Theory]
    [MemberData(nameof(Containerfiles))]
    public void It_builds_in_an_sdk_stage_and_runs_small_and_unprivileged(string file)
    {
        var instructions = Instructions(File.ReadAllText(Repository.Path("deploy", "containers", file)));
        var froms = instructions.Where(i => i.Verb == "FROM").Select(i => i.Arguments).ToList();
        Assert.True(froms.Count >= 2, "multi-stage: a build stage and a runtime stage");
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0 AS build", froms[0]);
        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/(aspnet|runtime|runtime-deps):10\.0 AS runtime$", froms[^1]);

        var runtime = instructions.SkipWhile(i => i.Arguments != froms[^1]).ToList();
        var user = Assert.Single(runtime, i => i.Verb == "USER").Arguments;
        Assert.DoesNotMatch(@"^(root|0)(:|$)", user);
        Assert.Contains(runtime, i => i.Verb == "COPY" && i.Arguments.StartsWith("--from=build ", StringComparison.Ordinal));
        Assert.Single(runtime, i => i.Verb == "HEALTHCHECK");
        Assert.Single(runtime, i => i.Verb == "ENTRYPOINT");
        Assert.DoesNotContain(instructions, i => i.Verb == "ADD" && i.Arguments.Contains("://", StringComparison.Ordinal));

        foreach (var project in PublishedProjects(instructions))
        {
            Assert.True(Directory.Exists(Repository.Path(project)), $"{file} publishes {project}, which is not in the repository");
        }
    }

    [Fact]
    public void The_silo_and_dashboard_check_health_on_live_and_the_collector_image_is_the_native_build()
    {
        var silo = File.ReadAllText(Repository.Path("deploy", "containers", "silo.Containerfile"));
        Assert.Contains("/health/live", silo);
        Assert.Contains("/health/live", File.ReadAllText(Repository.Path("deploy", "containers", "dashboard.Containerfile")));
        var collector = File.ReadAllText(Repository.Path("deploy", "containers", "collector.Containerfile"));
        Assert.Contains("-r linux-x64", collector);
        Assert.Contains("clang", collector);
        Assert.Contains("<PublishAot>true</PublishAot>", File.ReadAllText(Repository.Path("src", "Turtle.Collector", "Turtle.Collector.csproj")));
    }

    /// <summary>Instructions with line continuations joined and comments dropped.</summary>
    private static List<(string Verb, string Arguments)> Instructions(string text)
    {
        var joined = new List<string>();
        var current = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd();
            if (current.Length == 0 && (line.TrimStart().StartsWith('#') || line.Trim().Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }

            joined.Add(current + line);
            current = "";
        }

        return joined.Select(line => line.Trim())
            .Select(line => (Verb: line.Split(' ')[0].ToUpperInvariant(), Arguments: string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1))))
            .ToList();
    }
}
