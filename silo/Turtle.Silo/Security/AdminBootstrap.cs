using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;

namespace Turtle.Silo.Security;

/// <summary>
/// The embedded default stays one command: once the silo has started, if authentication is on and the cluster has no
/// admin, creates <see cref="AuthOptions.BootstrapAdmin"/> with a random password and logs it once, at Warning, in a
/// banner. Only the silo that creates the admin prints it (the record is written under its etag); it is never shown again.
/// </summary>
internal sealed partial class AdminBootstrap(
    UserStore users, IOptions<AuthOptions> options, IHostApplicationLifetime lifetime, IServer server, ILogger<AdminBootstrap> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            LogOpen(logger);
            return;
        }

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        try
        {
            var name = options.Value.BootstrapAdmin;
            if (await users.EnsureAdminAsync(name, stoppingToken) is { } password)
            {
                var address = server.Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "this silo";
                LogCreated(logger, Environment.NewLine, address, name, password);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFailed(logger, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "{NewLine}================================================================================{NewLine}" +
        " No admin existed, so one was created. This password is shown ONCE; keep it now.{NewLine}" +
        "   sign in at {Address}/login   user: {User}   password: {Password}{NewLine}" +
        " API token for the CLI: echo <password> | turtle login --user {User} --password-stdin{NewLine}" +
        "================================================================================")]
    private static partial void LogCreated(ILogger logger, string newLine, string address, string user, string password);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Authentication is OFF (Turtle:Auth:Enabled=false): every request acts as an admin. Never expose this silo beyond a closed lab.")]
    private static partial void LogOpen(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not check for or create the first admin ({Reason}); restart the silo once storage answers")]
    private static partial void LogFailed(ILogger logger, string reason);
}
