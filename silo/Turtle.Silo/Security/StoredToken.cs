namespace Turtle.Silo.Security;

/// <summary>An API token as stored: never its secret, only the secret's SHA-256.</summary>
public sealed class StoredToken
{
    public string Id { get; set; } = "";

    /// <summary><see cref="TurtleClaims.KindCollector"/> (may only push observations) or <see cref="TurtleClaims.KindToken"/> (a person's or tool's, with a role).</summary>
    public string Kind { get; set; } = TurtleClaims.KindCollector;

    /// <summary>The collector or user the token is for: the audit log's actor.</summary>
    public string Name { get; set; } = "";

    /// <summary><see cref="Roles.Collector"/>, or the user role the token acts with.</summary>
    public string Role { get; set; } = Roles.Collector;

    public string Hash { get; set; } = "";

    public DateTimeOffset Created { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset? LastUsed { get; set; }

    /// <summary>After this the token is refused (a rotated token's overlap end, or an expiry given at creation).</summary>
    public DateTimeOffset? Expires { get; set; }

    public bool Revoked { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>The token that replaced this one by rotation.</summary>
    public string? ReplacedBy { get; set; }

    public TokenView View() => new(Id, Kind, Name, Role, Created, CreatedBy, LastUsed, Expires, Revoked, RevokedAt, ReplacedBy);
}

/// <summary>A token as the API lists it.</summary>
public sealed record TokenView(
    string Id, string Kind, string Name, string Role, DateTimeOffset Created, string CreatedBy, DateTimeOffset? LastUsed,
    DateTimeOffset? Expires, bool Revoked, DateTimeOffset? RevokedAt, string? ReplacedBy);

/// <summary>A token just made: its secret is in this answer and nowhere else, ever.</summary>
public sealed record IssuedToken(TokenView Token, string Secret, TokenView? Previous = null);

/// <summary>All tokens of the cluster, by id: one storage record.</summary>
public sealed class TokenBook
{
    public Dictionary<string, StoredToken> Tokens { get; set; } = new(StringComparer.Ordinal);
}
