using System.Security.Cryptography;
using System.Text;

namespace Turtle.Silo.Security;

/// <summary>
/// API token secrets: <c>ttk_</c> and 256 random bits (base64url). Only their SHA-256 is stored. A fast hash is enough
/// here, unlike for passwords: a 256-bit random secret cannot be guessed from its hash, by brute force or otherwise,
/// so key stretching would only slow every request down (docs/decisions/2026-12-03-http-security.md).
/// </summary>
public static class TokenSecrets
{
    public const string Prefix = "ttk_";

    public static string NewSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string NewId() => "tok_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>A random password for a bootstrap admin or a new user: 20 characters of base64url, 120 bits.</summary>
    public static string NewPassword() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', '-').Replace('/', '_');
}
