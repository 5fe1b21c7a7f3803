using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Turtle.Silo.Security;

/// <summary>
/// <c>Turtle:Auth:Enabled=false</c>: every request is an anonymous admin, so the same policies, audit log and rate
/// limits run with authentication off (tests, a closed lab). Not for a silo anyone else can reach.
/// </summary>
internal sealed class OpenAccessHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Open";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var identity = new ClaimsIdentity(SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, "anonymous"));
        identity.AddClaim(new Claim(TurtleClaims.Kind, TurtleClaims.KindOpen));
        identity.AddClaim(new Claim(TurtleClaims.Role, Roles.Admin));
        identity.AddClaims(Roles.Including(Roles.Admin).Select(r => new Claim(ClaimTypes.Role, r)));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
