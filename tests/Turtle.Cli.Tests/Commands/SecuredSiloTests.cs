using System.Text.Json;
using Turtle.Cli.Tests.Processes;
using Turtle.Silo.Tests;

namespace Turtle.Cli.Tests.Commands;

/// <summary>
/// The CLI against a real silo process with authentication on: the printed admin password traded for a token by
/// <c>turtle login</c>, <c>--token</c> and <c>TURTLE_TOKEN</c>, <c>tokens create|list|rotate|revoke</c>, the refusals
/// (exit 6) and <c>audit</c> showing them with the client's address.
/// </summary>
public sealed class SecuredSiloTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("turtle-cli-auth-").FullName;
    private SiloProcess _silo = null!;

    private string Server => $"http://127.0.0.1:{_silo.HttpPort}";

    public async Task InitializeAsync()
    {
        _silo = SiloProcess.Start(new Dictionary<string, string>
        {
            ["Turtle__DataDir"] = Path.Join(_directory, "data"),
            ["Turtle__Auth__Enabled"] = "true",
        });
        await _silo.WaitReadyAsync(TimeSpan.FromSeconds(60));
    }

    public Task DisposeAsync()
    {
        _silo.Dispose();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_admin_logs_in_issues_and_revokes_tokens_and_each_refusal_is_exit_6_and_audited()
    {
        var password = await SiloAdmin.PrintedPasswordAsync(_silo, TimeSpan.FromSeconds(60));

        var anonymous = await Run(["dcs"]);
        Assert.True(anonymous.ExitCode == ExitCodes.NotAllowed, anonymous.ToString());
        Assert.Contains("401", anonymous.Error);
        Assert.Contains("--token or TURTLE_TOKEN", anonymous.Error);

        var login = await CliProcess.RunAsync(["login", "--user", "admin", "--password-stdin", "--server", Server], input: password + "\n");
        Assert.True(login.ExitCode == ExitCodes.Ok, login.ToString());
        var admin = login.Output.Trim();
        Assert.StartsWith("ttk_", admin);

        Assert.Equal(ExitCodes.Ok, (await Run(["dcs", "--token", admin])).ExitCode);

        var created = await Run(["tokens", "create", "dc1-web-1", "--format", "json"], admin);
        Assert.True(created.ExitCode == ExitCodes.Ok, created.ToString());
        using var issued = JsonDocument.Parse(created.Output);
        var collectorId = issued.RootElement.GetProperty("token").GetProperty("id").GetString()!;
        var collectorSecret = issued.RootElement.GetProperty("secret").GetString()!;

        var viewer = await Run(["tokens", "create", "--user", "dash-bot", "--role", "viewer"], admin);
        Assert.True(viewer.ExitCode == ExitCodes.Ok, viewer.ToString());
        Assert.Contains("shown this once", viewer.Output);
        var viewerSecret = viewer.Output.Trim().Split('\n')[^1].Trim();

        var list = await Run(["tokens", "list"], admin);
        Assert.True(list.ExitCode == ExitCodes.Ok, list.ToString());
        Assert.Contains(collectorId, list.Output);
        Assert.Contains("dash-bot", list.Output);
        Assert.DoesNotContain(collectorSecret, list.Output);

        var refused = await Run(["tokens", "list"], viewerSecret);
        Assert.True(refused.ExitCode == ExitCodes.NotAllowed, refused.ToString());
        Assert.Contains("403", refused.Error);
        Assert.Equal(ExitCodes.Ok, (await Run(["hosts"], viewerSecret)).ExitCode);

        var rotated = await Run(["tokens", "rotate", collectorId, "--overlap", "1h"], admin);
        Assert.True(rotated.ExitCode == ExitCodes.Ok, rotated.ToString());
        Assert.Contains($"It replaces {collectorId}", rotated.Output);

        var revoked = await Run(["tokens", "revoke", collectorId], admin);
        Assert.True(revoked.ExitCode == ExitCodes.Ok, revoked.ToString());
        var collector = await Run(["dcs"], collectorSecret);
        Assert.Equal(ExitCodes.NotAllowed, collector.ExitCode);
        Assert.Contains("is revoked", collector.Error);

        var audit = await Run(["audit", "--format", "json"], admin);
        Assert.True(audit.ExitCode == ExitCodes.Ok, audit.ToString());
        using var entries = JsonDocument.Parse(audit.Output);
        var all = entries.RootElement.EnumerateArray().ToList();
        Assert.Contains(all, e => e.GetProperty("action").GetString() == "login.token" && e.GetProperty("actor").GetString() == "admin");
        var create = Assert.Single(all, e => e.GetProperty("action").GetString() == "tokens.create" && e.GetProperty("target").GetString() == collectorId);
        Assert.Equal("127.0.0.1", create.GetProperty("remoteIp").GetString());
        Assert.Contains(all, e => e.GetProperty("action").GetString() == "tokens.revoke" && e.GetProperty("outcome").GetString() == "Allowed");
        Assert.Contains(all, e => e.GetProperty("action").GetString() == "GET /api/v1/tokens" && e.GetProperty("outcome").GetString() == "Denied"
                                  && e.GetProperty("actor").GetString()!.StartsWith("dash-bot", StringComparison.Ordinal));
        Assert.Contains(all, e => e.GetProperty("status").GetInt32() == 401 && e.GetProperty("actor").GetString() == "anonymous");
    }

    /// <summary>Runs the CLI against the silo, with the token in TURTLE_TOKEN when given.</summary>
    private Task<CliResult> Run(string[] args, string? token = null) =>
        CliProcess.RunAsync([.. args, "--server", Server], token is null ? null : new Dictionary<string, string> { ["TURTLE_TOKEN"] = token });
}
