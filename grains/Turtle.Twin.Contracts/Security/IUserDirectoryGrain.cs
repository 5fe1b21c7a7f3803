namespace Turtle.Twin.Security;

/// <summary>A user of the cluster as a host outside the silos sees one: name and role, never the password hash.</summary>
public sealed record ClusterUser(string Name, string Role);

/// <summary>
/// The cluster's dashboard users (docs/security.md), for hosts that are cluster clients: the standalone dashboard signs
/// people in against the same users and roles as the silos' own sign-in, instead of keeping a second user store.
/// Keyed <see cref="Key"/>. Only cluster clients reach it, and a gateway admits only clients with a certificate of the
/// cluster's CA; a caller still rate-limits sign-in, since each verification costs a password hash.
/// </summary>
public interface IUserDirectoryGrain : IGrainWithStringKey
{
    public const string Key = "users";

    /// <summary>The user if <paramref name="password"/> is theirs; null for an unknown user or a wrong password alike.</summary>
    [ReadOnly]
    Task<ClusterUser?> Verify(string name, string password);

    /// <summary>The user by name (checks that a signed-in session's user still exists with the same role); null when unknown.</summary>
    [ReadOnly]
    Task<ClusterUser?> Find(string name);
}

/// <summary>Where the users are kept: the silo provides it (its user store) to <see cref="IUserDirectoryGrain"/>.</summary>
public interface IUserDirectory
{
    Task<ClusterUser?> VerifyAsync(string name, string password, CancellationToken cancellationToken = default);

    Task<ClusterUser?> FindAsync(string name, CancellationToken cancellationToken = default);
}
