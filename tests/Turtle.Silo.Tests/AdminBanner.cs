using System.Text.RegularExpressions;

namespace Turtle.Silo.Tests;

/// <summary>
/// The banner a silo with authentication on logs once at its first start (silo/Turtle.Silo/Security/AdminBootstrap.cs),
/// read back by end-to-end tests as an operator reads it; linked into every test project that starts a silo process.
/// </summary>
internal static partial class AdminBanner
{
    /// <summary>The first admin's password in <paramref name="output"/>, or null while the banner is not there.</summary>
    public static string? PasswordIn(string output) => Printed().Match(output) is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex(@"user: admin\s+password: (\S+)")]
    private static partial Regex Printed();
}
