using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Turtle.Actors.Storage;

namespace Turtle.Silo.Security;

/// <summary>A person who signs in to the dashboard (or gets an API token with <c>turtle login</c>).</summary>
public sealed class StoredUser
{
    public string Name { get; set; } = "";

    public string Role { get; set; } = Roles.Viewer;

    /// <summary>ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> format: PBKDF2-HMAC-SHA512, 100,000 iterations, a salt per hash.</summary>
    public string PasswordHash { get; set; } = "";

    public DateTimeOffset Created { get; set; }

    public string CreatedBy { get; set; } = "";

    public UserView View() => new(Name, Role, Created, CreatedBy);
}

public sealed record UserView(string Name, string Role, DateTimeOffset Created, string CreatedBy);

/// <summary>A user just made; <see cref="Password"/> is shown in this answer only when it was generated.</summary>
public sealed record CreatedUser(UserView User, string? Password);

/// <summary>All users of the cluster, by name: one storage record.</summary>
public sealed class UserBook
{
    public Dictionary<string, StoredUser> Users { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>The cluster's users, in grain storage (<c>sys.auth/users</c>) like the tokens, read through a short-lived copy.</summary>
public sealed class UserStore(SystemStorage storage, IOptions<AuthOptions> options, TimeProvider time)
{
    private static readonly PasswordHasher<StoredUser> Hasher = new();
    private readonly SystemRecord<UserBook> _record = new(storage, "sys.auth", "users", "users");
    private volatile Copy? _copy;

    /// <summary>The user if <paramref name="password"/> is theirs; null otherwise (unknown user or wrong password alike).</summary>
    public async Task<StoredUser?> VerifyAsync(string name, string password, CancellationToken cancellationToken = default)
    {
        var book = await _record.ReadAsync(cancellationToken);
        if (!book.Users.TryGetValue(name, out var user))
        {
            // The same work as for a real user, so timing does not tell which names exist.
            Hasher.VerifyHashedPassword(Dummy, DummyHash, password);
            return null;
        }

        return Hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed ? null : user;
    }

    /// <summary>The user by name from a copy at most <see cref="AuthOptions.CacheFor"/> old: checks that a signed-in session's user still exists.</summary>
    public async Task<StoredUser?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (_copy is not { } copy || now - copy.ReadAt >= options.Value.CacheFor)
        {
            copy = new Copy(now, await _record.ReadAsync(cancellationToken));
            _copy = copy;
        }

        return copy.Book.Users.GetValueOrDefault(name);
    }

    public async Task<IReadOnlyList<UserView>> ListAsync(CancellationToken cancellationToken = default) =>
        (await _record.ReadAsync(cancellationToken)).Users.Values.OrderBy(u => u.Name, StringComparer.Ordinal).Select(u => u.View()).ToList();

    /// <summary>Creates the user with <paramref name="password"/> (a random one when null); null when the name is taken.</summary>
    public async Task<CreatedUser?> CreateAsync(string name, string role, string? password, string createdBy, CancellationToken cancellationToken = default)
    {
        var secret = password ?? TokenSecrets.NewPassword();
        var user = new StoredUser { Name = name, Role = role, Created = time.GetUtcNow(), CreatedBy = createdBy };
        user.PasswordHash = Hasher.HashPassword(user, secret);
        var created = await _record.UpdateAsync(book => book.Users.TryAdd(name, user), cancellationToken);
        _copy = null;
        return created ? new CreatedUser(user.View(), password is null ? secret : null) : null;
    }

    /// <summary>Creates <paramref name="name"/> as an admin with a random password unless an admin exists; the password when it did.</summary>
    public async Task<string?> EnsureAdminAsync(string name, CancellationToken cancellationToken = default)
    {
        var secret = TokenSecrets.NewPassword();
        var user = new StoredUser { Name = name, Role = Roles.Admin, Created = time.GetUtcNow(), CreatedBy = "bootstrap" };
        user.PasswordHash = Hasher.HashPassword(user, secret);
        var created = await _record.UpdateAsync(book =>
        {
            if (book.Users.Values.Any(u => u.Role == Roles.Admin))
            {
                return false;
            }

            book.Users[name] = user;
            return true;
        }, cancellationToken);
        _copy = null;
        return created ? secret : null;
    }

    private sealed record Copy(DateTimeOffset ReadAt, UserBook Book);

    private static readonly StoredUser Dummy = new();
    private static readonly string DummyHash = Hasher.HashPassword(Dummy, "not a password anyone has");
}
