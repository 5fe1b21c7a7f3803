namespace Turtle.Actors.Runtime.Membership;

/// <summary>One row write decided from a fresh read: an insert, or an update presenting the etag it read.</summary>
internal readonly record struct MembershipWrite(MembershipEntry Entry, string? ETag)
{
    public static MembershipWrite Insert(MembershipEntry entry) => new(entry, null);

    public static MembershipWrite Update(MembershipEntry entry, string etag) => new(entry, etag);
}

/// <summary>
/// The read-modify-write loop every membership change goes through: read the table, decide the write from what was
/// read, attempt it against the version and etag read; on conflict someone else changed membership meanwhile, so
/// read again and decide again (the decision may now be that nothing is left to do).
/// </summary>
internal static class TableCas
{
    // Each conflict means another writer succeeded, so this bound is only reached under extreme churn or a broken table.
    public const int MaxAttempts = 100;

    /// <summary>True when a write succeeded; false when <paramref name="decide"/> found nothing to write.</summary>
    public static async Task<bool> WriteAsync(IMembershipTable table, Func<MembershipSnapshot, MembershipWrite?> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var snapshot = await table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            if (decide(snapshot) is not { } write)
            {
                return false;
            }

            var next = snapshot.Version.Next();
            var written = write.ETag is null
                ? await table.InsertRowAsync(write.Entry, snapshot.Version, next, cancellationToken).ConfigureAwait(false)
                : await table.UpdateRowAsync(write.Entry, write.ETag, snapshot.Version, next, cancellationToken).ConfigureAwait(false);
            if (written)
            {
                return true;
            }

            if (attempt == MaxAttempts)
            {
                throw new InvalidOperationException(
                    $"Gave up writing the membership row of {write.Entry.Address} after {MaxAttempts} conflicting concurrent changes.");
            }
        }
    }
}
