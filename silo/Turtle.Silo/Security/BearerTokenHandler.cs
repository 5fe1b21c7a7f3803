using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Turtle.Silo.Audit;

namespace Turtle.Silo.Security;

/// <summary>
/// <c>Authorization: Bearer ttk_…</c>: an API token from <see cref="TokenRegistry"/>. A collector token's principal
/// has only the collector role; a user token's has its role and those below it. Refusals answer 401 problem+json
/// with <c>WWW-Authenticate: Bearer</c>; a collector's first use of its token is audited.
/// </summary>
internal sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, TokenRegistry tokens, AuditLog audit)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            if (header.Length > 0)
            {
                Context.Items[AuthProblems.RefusalItem] = "only Bearer tokens are accepted";
                return AuthenticateResult.Fail("only Bearer tokens are accepted");
            }

            return AuthenticateResult.NoResult();
        }

        var secret = header["Bearer ".Length..].Trim();
        var (token, refusal, firstUse) = secret.Length is > 0 and <= 256
            ? await tokens.CheckAsync(secret, Context.RequestAborted)
            : (null, TokenRefusal.Unknown, false);
        if (token is null || refusal != default)
        {
            var reason = refusal switch
            {
                TokenRefusal.Revoked => $"token {token!.Id} is revoked",
                TokenRefusal.Expired => $"token {token!.Id} expired at {token.Expires:u}",
                _ => "no such token",
            };
            Context.Items[AuthProblems.RefusalItem] = reason;
            if (token is not null)
            {
                Context.Items[AuditMiddleware.ActorItem] = $"{token.Name} ({token.Id})";
            }

            return AuthenticateResult.Fail(reason);
        }

        var identity = new ClaimsIdentity(SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, token.Name));
        identity.AddClaim(new Claim(TurtleClaims.TokenId, token.Id));
        identity.AddClaim(new Claim(TurtleClaims.Kind, token.Kind));
        identity.AddClaim(new Claim(TurtleClaims.Role, token.Role));
        identity.AddClaims(Roles.Including(token.Role).Select(r => new Claim(ClaimTypes.Role, r)));
        if (firstUse)
        {
            audit.Record(Context, "token.first-use", token.Id, AuditOutcome.Allowed, StatusCodes.Status200OK, $"{token.Kind} {token.Name}, on {Request.Method} {Request.Path}", $"{token.Name} ({token.Id})");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => AuthProblems.Unauthorized(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => AuthProblems.Forbidden(Context);
}
