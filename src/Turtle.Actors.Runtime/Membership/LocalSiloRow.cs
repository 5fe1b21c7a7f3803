using Microsoft.Extensions.Logging;
using Turtle.Actors.Messaging;

namespace Turtle.Actors.Runtime.Membership;

/// <summary>
/// Writes this silo's own row: the join (a new generation; older generations at the same host and port declared Dead
/// first, since a restarted silo means its predecessor is gone), then each status step. Status only moves forward
/// (Joining, Active, ShuttingDown, Dead), so nothing here can revive a row the cluster declared Dead.
/// </summary>
internal sealed class LocalSiloRow(IMembershipTable table, TimeProvider time, ILogger logger)
{
    /// <summary>Inserts the Joining row built from <paramref name="template"/>; returns it with its generation.</summary>
    public async Task<MembershipEntry> JoinAsync(MembershipEntry template, CancellationToken cancellationToken)
    {
        var address = ChooseAddress(template.Address, await table.ReadAllAsync(cancellationToken).ConfigureAwait(false));
        while (await TableCas.WriteAsync(table, snapshot => SupersedeOne(snapshot, address), cancellationToken).ConfigureAwait(false))
        {
        }

        var now = time.GetUtcNow();
        var entry = template with
        {
            Address = address,
            Status = SiloMembershipStatus.Joining,
            StartTime = now,
            IAmAliveTime = now,
            Suspicions = [],
        };
        // Nothing to write when the row is there: a retried join whose first insert did commit.
        await TableCas.WriteAsync(table, snapshot => snapshot.Find(address) is null ? MembershipWrite.Insert(entry) : null, cancellationToken)
            .ConfigureAwait(false);
        logger.LogInformation("Silo {Silo} joined the membership table as Joining", address);
        return entry;
    }

    /// <summary>
    /// Moves the row forward to <paramref name="status"/> (refreshing its I-am-alive time). Returns the status the row
    /// has afterwards, or null when the row is gone; a row already at or past <paramref name="status"/> is left alone.
    /// </summary>
    public async Task<SiloMembershipStatus?> AdvanceAsync(SiloAddress silo, SiloMembershipStatus status, CancellationToken cancellationToken)
    {
        SiloMembershipStatus? current = null;
        var written = await TableCas.WriteAsync(table, snapshot =>
        {
            if (snapshot.Find(silo) is not { } row)
            {
                current = null;
                return null;
            }

            current = row.Entry.Status;
            return row.Entry.Status >= status
                ? null
                : MembershipWrite.Update(row.Entry with { Status = status, IAmAliveTime = time.GetUtcNow() }, row.ETag);
        }, cancellationToken).ConfigureAwait(false);
        if (written)
        {
            logger.LogInformation("Silo {Silo} is {Status} in the membership table", silo, status);
            return status;
        }

        return current;
    }

    /// <summary>The address to join with: the template's generation if it set one (it must be new), else a fresh one.</summary>
    private SiloAddress ChooseAddress(SiloAddress requested, MembershipSnapshot snapshot)
    {
        var newest = snapshot.Entries.Where(r => SiloGeneration.SameEndpoint(r.Entry.Address, requested))
            .Select(r => r.Entry.Address.Generation).DefaultIfEmpty(0).Max();
        if (requested.Generation == 0)
        {
            return requested with { Generation = SiloGeneration.Next(time, newest) };
        }

        var retry = snapshot.Find(requested) is { Entry.Status: SiloMembershipStatus.Joining } && requested.Generation == newest;
        if (requested.Generation <= newest && !retry)
        {
            throw new InvalidOperationException(
                $"Silo {requested} is not a new generation: the membership table already has generation {newest} for {requested.Host}:{requested.Port}.");
        }

        return requested;
    }

    /// <summary>Declares Dead one older generation of this host and port that is not Dead yet; null when none is left.</summary>
    private MembershipWrite? SupersedeOne(MembershipSnapshot snapshot, SiloAddress address)
    {
        foreach (var (entry, etag) in snapshot.Entries)
        {
            if (SiloGeneration.SameEndpoint(entry.Address, address) && entry.Address.Generation < address.Generation
                && entry.Status != SiloMembershipStatus.Dead)
            {
                logger.LogWarning("Silo {Silo} declares its previous generation {Previous} dead: it restarted at the same address", address, entry.Address);
                return MembershipWrite.Update(entry with { Status = SiloMembershipStatus.Dead }, etag);
            }
        }

        return null;
    }
}
