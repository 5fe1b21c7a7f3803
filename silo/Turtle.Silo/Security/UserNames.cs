using System.Text.RegularExpressions;

namespace Turtle.Silo.Security;

/// <summary>Names of users and collectors that tokens are issued to: what the audit log shows as the actor.</summary>
public static partial class UserNames
{
    public const string Rule = "1 to 64 letters, digits and . _ : @ -, starting with a letter or digit";

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}$")]
    private static partial Regex Pattern();
}
