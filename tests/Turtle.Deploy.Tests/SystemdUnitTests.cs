using System.Text.RegularExpressions;

namespace Turtle.Deploy.Tests;

/// <summary>
/// The units in deploy/systemd pass <c>systemd-analyze verify</c> with nothing to say: a warning (an unknown key, a bad
/// value, a missing executable) fails. verify insists that ExecStart's binary exists, so each unit is checked as a copy
/// whose ExecStart points at a stub script; everything else is the shipped text.
/// </summary>
public sealed partial class SystemdUnitTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("turtle-units-").FullName;

    public static TheoryData<string> Units() => new(Repository.Files("deploy/systemd", "*.service").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Units))]
    public async Task The_unit_passes_systemd_analyze_verify_without_a_warning(string unit)
    {
        var (exitCode, output) = await VerifyAsync(File.ReadAllText(Repository.Path("deploy", "systemd", unit)), unit);
        Assert.True(exitCode == 0 && output.Length == 0, $"systemd-analyze verify {unit} (exit {exitCode}):\n{output}");
    }

    [Theory]
    [InlineData("CPUQuota=10%", "CPUQuta=10%")]
    [InlineData("MemoryMax=128M", "MemoryMax=lots")]
    [InlineData("ProtectSystem=strict", "ProtectSystem=strictly")]
    public async Task The_check_catches_a_broken_unit(string good, string broken)
    {
        var text = File.ReadAllText(Repository.Path("deploy", "systemd", "turtle-collector.service"));
        Assert.Contains(good, text);

        var (_, output) = await VerifyAsync(text.Replace(good, broken, StringComparison.Ordinal), "turtle-collector.service");

        Assert.NotEqual("", output);
    }

    [Theory]
    [MemberData(nameof(Units))]
    public void The_unit_is_a_good_citizen_and_hardened(string unit)
    {
        var directives = Directives(File.ReadAllText(Repository.Path("deploy", "systemd", unit)));
        var name = unit.Replace(".service", "", StringComparison.Ordinal);
        Assert.Matches(@"^\d+%$", directives["CPUQuota"]);
        Assert.Matches(@"^\d+[MG]$", directives["MemoryMax"]);
        Assert.InRange(int.Parse(directives["Nice"], System.Globalization.CultureInfo.InvariantCulture), 1, 19);
        Assert.Equal("strict", directives["ProtectSystem"]);
        Assert.Equal("yes", directives["NoNewPrivileges"]);
        Assert.Equal("yes", directives["PrivateTmp"]);
        Assert.Equal("yes", directives["ProtectHome"]);
        Assert.Equal("yes", directives["DynamicUser"]);
        Assert.Equal(name, directives["StateDirectory"]);
        Assert.Equal($"/var/lib/{name}", directives["ReadWritePaths"]);
        Assert.Equal("", directives["CapabilityBoundingSet"]);
    }

    [Fact]
    public void The_silo_unit_reads_its_settings_from_environment_files_and_its_key_as_a_credential()
    {
        var text = File.ReadAllText(Repository.Path("deploy", "systemd", "turtle-silo.service"));
        Assert.Contains("EnvironmentFile=/etc/turtle/silo.env", text);
        Assert.Contains("EnvironmentFile=-/etc/turtle/silo-secrets.env", text);
        var credential = Directives(text)["LoadCredential"];
        Assert.StartsWith("tls.key:", credential);

        // The sample settings point the silo at the path systemd hands the credential over at.
        foreach (var dc in new[] { "dc1", "dc2", "dc3" })
        {
            Assert.Contains("Turtle__Networking__Tls__KeyPath=/run/credentials/turtle-silo.service/tls.key", File.ReadAllText(Repository.Path("deploy", "config", $"{dc}.env")));
        }
    }

    private async Task<(int ExitCode, string Output)> VerifyAsync(string unitText, string unit)
    {
        var stub = Path.Join(_scratch, "stub");
        File.WriteAllText(stub, "#!/bin/sh\nexit 0\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(stub, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        }

        var copy = Path.Join(_scratch, unit);
        File.WriteAllText(copy, ExecStart().Replace(unitText, $"ExecStart={stub}"));

        var (exitCode, output, error) = await Repository.RunAsync(Repository.Tool("systemd-analyze", "systemd"), "verify", "--man=no", copy);
        return (exitCode, (output + error).Trim());
    }

    private static Dictionary<string, string> Directives(string text) =>
        text.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#') && !line.StartsWith('[') && line.Contains('='))
            .GroupBy(line => line[..line.IndexOf('=')])
            .ToDictionary(g => g.Key, g => g.Last()[(g.Key.Length + 1)..]);

    [GeneratedRegex(@"ExecStart=/opt/turtle/\S+")]
    private static partial Regex ExecStart();

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
