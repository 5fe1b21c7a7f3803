using Microsoft.Extensions.Logging;
using Turtle.Actors.Lifecycle;
using Turtle.Actors.Runtime.Catalog;
using Turtle.Actors.Runtime.Membership;

namespace Turtle.Actors.Runtime.Directory;

/// <summary>
/// After every membership change, checks this silo's activations against the grain directory: one whose entry now
/// names another activation (because this silo was briefly thought dead and the grain was placed again elsewhere)
/// is a duplicate and deactivates. Its writes were already refused by storage etags; this ends it.
/// </summary>
internal sealed class DuplicateActivationCollector(ActivationCatalog catalog, IGrainDirectory directory, IClusterMembership membership, ILogger logger)
    : ISiloLifecycleParticipant
{
    private int _checking;
    private int _again;

    public Task OnActiveAsync(CancellationToken cancellationToken)
    {
        membership.Changed += OnChanged;
        return Task.CompletedTask;
    }

    public Task OnShuttingDownAsync(CancellationToken cancellationToken)
    {
        membership.Changed -= OnChanged;
        return Task.CompletedTask;
    }

    private void OnChanged(MembershipSnapshot snapshot)
    {
        Volatile.Write(ref _again, 1);
        if (Interlocked.Exchange(ref _checking, 1) == 0)
        {
            _ = CheckUntilQuietAsync();
        }
    }

    // A change that arrives mid-check gets a check of its own.
    private async Task CheckUntilQuietAsync()
    {
        try
        {
            while (Interlocked.Exchange(ref _again, 0) == 1)
            {
                await CheckAsync().ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            logger.LogWarning(exception, "Checking activations against the grain directory failed");
        }
        finally
        {
            Volatile.Write(ref _checking, 0);
        }
    }

    /// <summary>Deactivates local activations the directory no longer points at. Returns how many.</summary>
    public async Task<int> CheckAsync()
    {
        var found = 0;
        if (membership.IsDead(membership.LocalSilo))
        {
            // Declared dead: this silo must not reclaim grains; it is about to stop.
            return found;
        }

        foreach (var activation in catalog.Activations)
        {
            if (activation.Registration is not { } mine)
            {
                continue;
            }

            // An entry lost with a directory change is registered again; whoever holds it now wins.
            var winner = await directory.LookupAsync(activation.GrainId).ConfigureAwait(false)
                         ?? await directory.RegisterAsync(mine).ConfigureAwait(false);
            if (winner != mine)
            {
                found++;
                logger.LogWarning("Duplicate activation of {GrainId}: the directory names {Winner}; deactivating this one", activation.GrainId, winner.Silo);
                activation.Deactivate(new DeactivationReason(DeactivationReasonCode.DuplicateActivation, $"The grain is registered at {winner.Silo}."));
            }
        }

        return found;
    }
}
