using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Turtle.Twin.Security;

namespace Turtle.Dashboard.Security;

/// <summary>
/// <c>Turtle:Auth:Enabled=false</c>: every request is an anonymous admin, so the same policies (and on a silo the audit
/// log and rate limits) run with sign-in off: tests, a closed lab. Not for an address anyone else can reach.
/// </summary>
public sealed class OpenAccessHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Open";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(
            SessionClaims.Principal(SchemeName, "anonymous", SessionClaims.KindOpen, UserRoles.Admin, UserRoles.Including(UserRoles.Admin)), SchemeName)));
}
