using Turtle.Twin.Security;

namespace Turtle.Silo.Security;

/// <summary>The user store as <see cref="IUserDirectoryGrain"/> serves it to cluster clients (the standalone dashboard).</summary>
internal sealed class SiloUserDirectory(UserStore users) : IUserDirectory
{
    public async Task<ClusterUser?> VerifyAsync(string name, string password, CancellationToken cancellationToken = default) =>
        await users.VerifyAsync(name, password, cancellationToken) is { } user ? new ClusterUser(user.Name, user.Role) : null;

    public async Task<ClusterUser?> FindAsync(string name, CancellationToken cancellationToken = default) =>
        await users.FindAsync(name, cancellationToken) is { } user ? new ClusterUser(user.Name, user.Role) : null;
}
