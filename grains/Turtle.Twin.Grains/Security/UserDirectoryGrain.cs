namespace Turtle.Twin.Security;

/// <summary>
/// Answers cluster clients from the silo's user store. Stateless on purpose: the users live in one storage record the
/// silo reads (and caches) itself, so any activation, on any silo, answers the same.
/// </summary>
public sealed class UserDirectoryGrain(IUserDirectory users) : Grain, IUserDirectoryGrain
{
    public Task<ClusterUser?> Verify(string name, string password) => users.VerifyAsync(name, password);

    public Task<ClusterUser?> Find(string name) => users.FindAsync(name);
}
