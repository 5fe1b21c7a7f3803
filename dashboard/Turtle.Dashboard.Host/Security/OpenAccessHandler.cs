using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Turtle.Dashboard.Host.Security;

/// <summary><c>Turtle:Auth:Enabled=false</c>: every request is an anonymous admin, so the same policies run with sign-in off.</summary>
internal sealed class OpenAccessHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Open";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(DashboardPrincipals.Open(SchemeName), SchemeName)));
}
