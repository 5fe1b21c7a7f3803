namespace Turtle.Cli.Api;

/// <summary>An API token as <c>GET /api/v1/tokens</c> lists it (never its secret).</summary>
public sealed record TokenInfo
{
    public string Id { get; init; } = "";
    public string Kind { get; init; } = "";
    public string Name { get; init; } = "";
    public string Role { get; init; } = "";
    public DateTimeOffset Created { get; init; }
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset? LastUsed { get; init; }
    public DateTimeOffset? Expires { get; init; }
    public bool Revoked { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
    public string? ReplacedBy { get; init; }
}

/// <summary>A token just issued: the only time its secret is seen.</summary>
public sealed record IssuedTokenInfo
{
    public TokenInfo Token { get; init; } = new();
    public string Secret { get; init; } = "";
    public TokenInfo? Previous { get; init; }
}

/// <summary>What <c>POST /api/v1/tokens</c> takes.</summary>
public sealed record CreateTokenBody(string? Collector, string? User, string? Role, TimeSpan? ExpiresIn);

/// <summary>What <c>POST /api/v1/tokens/{id}/rotate</c> takes.</summary>
public sealed record RotateTokenBody(TimeSpan? Overlap);

/// <summary>What <c>POST /api/v1/login</c> takes.</summary>
public sealed record LoginBody(string User, string Password);

/// <summary>One entry of <c>GET /api/v1/audit</c>.</summary>
public sealed record AuditEntryInfo
{
    public DateTimeOffset Time { get; init; }
    public string Actor { get; init; } = "";
    public string Action { get; init; } = "";
    public string? Target { get; init; }
    public string? RemoteIp { get; init; }
    public string Outcome { get; init; } = "";
    public int Status { get; init; }
    public string? Detail { get; init; }
    public string Silo { get; init; } = "";
}

/// <summary>A user as <c>GET /api/v1/users</c> lists them.</summary>
public sealed record UserInfo
{
    public string Name { get; init; } = "";
    public string Role { get; init; } = "";
    public DateTimeOffset Created { get; init; }
    public string CreatedBy { get; init; } = "";
}

/// <summary>A user just made, with the generated password when one was generated.</summary>
public sealed record CreatedUserInfo
{
    public UserInfo User { get; init; } = new();
    public string? Password { get; init; }
}

/// <summary>What <c>POST /api/v1/users</c> takes.</summary>
public sealed record CreateUserBody(string Name, string Role, string? Password);
