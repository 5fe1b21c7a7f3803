namespace Turtle.Twin.Security;

/// <summary>
/// The roles a person or tool may be given, each including the ones below it (an admin may do what an operator may,
/// an operator what a viewer may). Shared by the silo and the standalone dashboard, so both read a role the same way.
/// </summary>
public static class UserRoles
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Admin = "admin";

    /// <summary>The user role and every role it includes (the role claims a principal carries); empty for any other text.</summary>
    public static IReadOnlyList<string> Including(string role) => role switch
    {
        Admin => [Admin, Operator, Viewer],
        Operator => [Operator, Viewer],
        Viewer => [Viewer],
        _ => [],
    };
}
