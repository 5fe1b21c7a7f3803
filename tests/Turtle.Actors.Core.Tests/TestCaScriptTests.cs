using System.Diagnostics;
using Turtle.Actors.Configuration;

namespace Turtle.Actors.Core.Tests;

/// <summary>scripts/test-ca, which operators and docs/operations.md use, makes certificates the transport accepts.</summary>
public sealed class TestCaScriptTests : IDisposable
{
    private readonly string _directory = Path.Join(Path.GetTempPath(), $"turtle-test-ca-{Guid.NewGuid():N}");

    [Fact]
    public async Task The_script_makes_a_ca_and_certificates_that_carry_mutual_tls_and_a_second_run_changes_nothing()
    {
        var first = await RunAsync(_directory, "silo-a", "client");
        Assert.Contains("made", first);
        var before = Directory.GetFiles(_directory).ToDictionary(f => f, File.ReadAllBytes);
        Assert.Equal(["ca.crt", "ca.key", "client.crt", "client.key", "silo-a.crt", "silo-a.key"],
            before.Keys.Select(Path.GetFileName).Where(f => !f!.EndsWith(".srl", StringComparison.Ordinal)).Order());

        var second = await RunAsync(_directory, "silo-a", "client");
        Assert.Equal("", second.Trim());
        Assert.All(before, file => Assert.Equal(file.Value, File.ReadAllBytes(file.Key)));

        TransportTlsOptions Tls(string name) => new()
        {
            CertificatePath = Path.Join(_directory, $"{name}.crt"),
            KeyPath = Path.Join(_directory, $"{name}.key"),
            CaCertificatePath = Path.Join(_directory, "ca.crt"),
        };
        Assert.True(new ConnectionOptionsValidator().Validate(null, new ConnectionOptions { Tls = Tls("silo-a") }).Succeeded);
        await using var pair = await LoopbackPair.StartAsync(server: new ConnectionOptions { Tls = Tls("silo-a") }, client: new ConnectionOptions { Tls = Tls("client") });
        Assert.Equal(11, await pair.Grain("script").Add(5, 6));
    }

    private static async Task<string> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Join(RepositoryRoot(), "scripts", "test-ca")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"scripts/test-ca exited {process.ExitCode}: {await error}");
        return await output;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Join(directory.FullName, "Turtle.Actors.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Turtle.Actors.sln not found above the test assembly.");
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
