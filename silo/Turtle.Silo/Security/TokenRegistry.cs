using Microsoft.Extensions.Options;
using Turtle.Actors.Storage;

namespace Turtle.Silo.Security;

/// <summary>Why a presented token was refused.</summary>
public enum TokenRefusal
{
    Unknown,
    Revoked,
    Expired,
}

/// <summary>
/// The cluster's API tokens, kept in grain storage (<see cref="SystemRecord{T}"/>, <c>sys.auth/tokens</c>). Requests
/// are checked against a copy at most <see cref="AuthOptions.CacheFor"/> old (re-read at once after a change made
/// here); "last used" is written at most every <see cref="AuthOptions.LastUsedResolution"/>, so a busy collector costs
/// no write per batch.
/// </summary>
public sealed partial class TokenRegistry(SystemStorage storage, IOptions<AuthOptions> options, TimeProvider time, ILogger<TokenRegistry> logger)
{
    private readonly SystemRecord<TokenBook> _record = new(storage, "sys.auth", "tokens", "tokens");
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Snapshot? _snapshot;

    /// <summary>The token whose secret is <paramref name="secret"/>, or why there is none; <c>FirstUse</c> when it was never used before.</summary>
    public async Task<(StoredToken? Token, TokenRefusal Refusal, bool FirstUse)> CheckAsync(string secret, CancellationToken cancellationToken = default)
    {
        var snapshot = await CurrentAsync(cancellationToken);
        if (!snapshot.ByHash.TryGetValue(TokenSecrets.Hash(secret), out var token))
        {
            return (null, TokenRefusal.Unknown, false);
        }

        var now = time.GetUtcNow();
        if (token.Revoked)
        {
            return (token, TokenRefusal.Revoked, false);
        }

        if (token.Expires is { } expires && expires <= now)
        {
            return (token, TokenRefusal.Expired, false);
        }

        bool firstUse, write;
        lock (token) // the copy is shared by concurrent requests
        {
            firstUse = token.LastUsed is null;
            write = token.LastUsed is not { } used || now - used >= options.Value.LastUsedResolution;
            if (write)
            {
                token.LastUsed = now; // this copy: the next requests within the resolution write nothing
            }
        }

        if (write)
        {
            _ = NoteUsedAsync(token.Id, now);
        }

        return (token, default, firstUse);
    }

    public async Task<IReadOnlyList<TokenView>> ListAsync(CancellationToken cancellationToken = default)
    {
        var book = await _record.ReadAsync(cancellationToken);
        return book.Tokens.Values.OrderBy(t => t.Created).Select(t => t.View()).ToList();
    }

    public async Task<IssuedToken> CreateAsync(string kind, string name, string role, DateTimeOffset? expires, string createdBy, CancellationToken cancellationToken = default)
    {
        var secret = TokenSecrets.NewSecret();
        var token = new StoredToken
        {
            Id = TokenSecrets.NewId(), Kind = kind, Name = name, Role = role, Hash = TokenSecrets.Hash(secret),
            Created = time.GetUtcNow(), CreatedBy = createdBy, Expires = expires,
        };
        await _record.UpdateAsync(book =>
        {
            // Tokens that ended a month ago are dropped, so logins and rotations do not grow the record without bound.
            var ended = token.Created - TimeSpan.FromDays(30);
            foreach (var old in book.Tokens.Values.Where(t => (t.RevokedAt ?? t.Expires) < ended).ToList())
            {
                book.Tokens.Remove(old.Id);
            }

            return book.Tokens[token.Id] = token;
        }, cancellationToken);
        Invalidate();
        return new IssuedToken(token.View(), secret);
    }

    /// <summary>
    /// A new token for the same collector or user and role; the old one keeps working for <paramref name="overlap"/>
    /// (so the new one can be rolled out) and is then refused as expired. Null when there is no such token (or it is revoked).
    /// </summary>
    public async Task<IssuedToken?> RotateAsync(string id, TimeSpan overlap, string by, CancellationToken cancellationToken = default)
    {
        var secret = TokenSecrets.NewSecret();
        var now = time.GetUtcNow();
        var issued = await _record.UpdateAsync(book =>
        {
            if (!book.Tokens.TryGetValue(id, out var old) || old.Revoked)
            {
                return null;
            }

            var token = new StoredToken
            {
                Id = TokenSecrets.NewId(), Kind = old.Kind, Name = old.Name, Role = old.Role, Hash = TokenSecrets.Hash(secret),
                Created = now, CreatedBy = by,
            };
            book.Tokens[token.Id] = token;
            var end = now + overlap;
            old.Expires = old.Expires is { } earlier && earlier < end ? earlier : end;
            old.ReplacedBy = token.Id;
            return new IssuedToken(token.View(), secret, old.View());
        }, cancellationToken);
        Invalidate();
        return issued;
    }

    /// <summary>Refuses the token from now on (on other silos within <see cref="AuthOptions.CacheFor"/>); null when there is no such token.</summary>
    public async Task<TokenView?> RevokeAsync(string id, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var view = await _record.UpdateAsync(book =>
        {
            if (!book.Tokens.TryGetValue(id, out var token))
            {
                return null;
            }

            if (!token.Revoked)
            {
                token.Revoked = true;
                token.RevokedAt = now;
            }

            return token.View();
        }, cancellationToken);
        Invalidate();
        return view;
    }

    private void Invalidate() => _snapshot = null;

    private async Task<Snapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_snapshot is { } fresh && now - fresh.ReadAt < options.Value.CacheFor)
        {
            return fresh;
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (_snapshot is { } other && now - other.ReadAt < options.Value.CacheFor)
            {
                return other;
            }

            var book = await _record.ReadAsync(cancellationToken);
            var snapshot = new Snapshot(now, book.Tokens.Values.ToDictionary(t => t.Hash, StringComparer.Ordinal));
            _snapshot = snapshot;
            return snapshot;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private async Task NoteUsedAsync(string id, DateTimeOffset now)
    {
        try
        {
            await _record.UpdateAsync(book =>
            {
                if (book.Tokens.TryGetValue(id, out var token) && (token.LastUsed is null || token.LastUsed < now))
                {
                    token.LastUsed = now;
                }

                return true;
            });
        }
        catch (Exception exception)
        {
            // Only a time stamp: the request it came from is served anyway.
            LogLastUsedFailed(logger, id, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the last use of token {TokenId}: {Reason}")]
    private static partial void LogLastUsedFailed(ILogger logger, string tokenId, string reason);

    private sealed record Snapshot(DateTimeOffset ReadAt, Dictionary<string, StoredToken> ByHash);
}
