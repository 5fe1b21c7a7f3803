using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Turtle.Twin.Security;

namespace Turtle.Dashboard.Host.Security;

/// <summary>
/// The cluster's users, asked through <see cref="IUserDirectoryGrain"/>: the standalone dashboard keeps no user store of
/// its own. A session's user is looked up at most once per <see cref="DashboardAuthOptions.CacheFor"/>, so a page and
/// its assets do not each cost a grain call.
/// </summary>
public sealed class ClusterUsers(IGrainFactory grains, IOptions<DashboardAuthOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Lookup> _lookups = new(StringComparer.Ordinal);

    private IUserDirectoryGrain Directory => grains.GetGrain<IUserDirectoryGrain>(IUserDirectoryGrain.Key);

    /// <summary>The user if <paramref name="password"/> is theirs; null for an unknown user or a wrong password alike.</summary>
    public async Task<ClusterUser?> VerifyAsync(string name, string password)
    {
        var user = await Directory.Verify(name, password);
        _lookups.TryRemove(name, out _);
        return user;
    }

    /// <summary>The user by name, from a lookup at most <see cref="DashboardAuthOptions.CacheFor"/> old.</summary>
    public async Task<ClusterUser?> FindAsync(string name)
    {
        var now = time.GetUtcNow();
        if (_lookups.TryGetValue(name, out var lookup) && now - lookup.At < options.Value.CacheFor)
        {
            return lookup.User;
        }

        var user = await Directory.Find(name);
        _lookups[name] = new Lookup(now, user);
        return user;
    }

    private sealed record Lookup(DateTimeOffset At, ClusterUser? User);
}
