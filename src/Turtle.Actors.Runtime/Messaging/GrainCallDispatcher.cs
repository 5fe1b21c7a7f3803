using System.Diagnostics;
using Microsoft.Extensions.Options;
using Turtle.Actors.Configuration;
using Turtle.Actors.Invocation;
using Turtle.Actors.Manifest;
using Turtle.Actors.Messaging;
using Turtle.Actors.Networking;
using Turtle.Actors.Runtime.Catalog;

namespace Turtle.Actors.Runtime.Messaging;

/// <summary>
/// The silo's <see cref="IGrainCallInvoker"/>: stamps each call's deadline, wires its cancellation, and delivers it
/// to the target activation's mailbox, or (in a cluster) to the connection of the silo that hosts the grain. Local
/// calls pass the request object itself; nothing is serialized. A reference remembers where its grain was, so a
/// repeat call skips the lookup. Failures to deliver complete the request with the exception instead of throwing.
/// </summary>
internal sealed class GrainCallDispatcher(ActivationServices services, IOptions<MessagingOptions> options) : IGrainCallInvoker
{
    private readonly TimeSpan _defaultTimeout = options.Value.ResponseTimeout;
    private readonly TimeProvider _time = services.Time;

    /// <summary>Set when the silo runs in a cluster; null for a single silo.</summary>
    public ClusterRouting? Cluster { get; set; }

    public IGrainFactory GrainFactory => services.GrainFactory;

    public void Invoke(GrainReference target, GrainRequest request)
    {
        if (Activity.Current is { } caller && Diagnostics.RuntimeTelemetry.Source.HasListeners())
        {
            request.CallerSpan = caller.Context;
        }

        if (!request.IsOneWay)
        {
            var timeout = request.ResponseTimeout ?? GrainCallContext.ResponseTimeout ?? _defaultTimeout;
            request.DeadlineTimestamp = _time.GetTimestamp() + (long)(timeout.TotalSeconds * _time.TimestampFrequency);
        }

        var cancellation = request.CancellationToken;
        if (cancellation.CanBeCanceled)
        {
            if (cancellation.IsCancellationRequested)
            {
                request.TryCancel(cancellation);
                return;
            }

            request.CancellationRegistration = cancellation.UnsafeRegister(
                static (state, token) => ((GrainRequest)state!).TryCancel(token), request);
        }

        // Fast paths: where this reference's grain was last time, if that is still good.
        switch (target.CachedTarget)
        {
            case ActivationData cached when cached.TryEnqueue(request):
                return;
            case Connection connection when !connection.IsClosed:
                request.InterfaceId = InterfaceIds.Get(target.InterfaceType);
                connection.SendRequest(request, target.GrainId, request.InterfaceId);
                return;
        }

        if (Cluster is null)
        {
            target.CachedTarget = Dispatch(target.GrainId, request);
            return;
        }

        var interfaceId = InterfaceIds.Get(target.InterfaceType);
        request.InterfaceId = interfaceId;
        var located = Cluster.LocateAsync(target.GrainId);
        if (located.IsCompletedSuccessfully)
        {
            target.CachedTarget = Deliver(located.Result, target.GrainId, request);
        }
        else
        {
            _ = DeliverWhenLocatedAsync(located, target.GrainId, request, target);
        }
    }

    /// <summary>Routes a request that arrived from a client (whose interface id is set) to the silo that hosts its grain.</summary>
    public void Route(GrainId grainId, GrainRequest request)
    {
        if (Cluster is null)
        {
            Dispatch(grainId, request);
            return;
        }

        var located = Cluster.LocateAsync(grainId);
        if (located.IsCompletedSuccessfully)
        {
            Deliver(located.Result, grainId, request);
        }
        else
        {
            _ = DeliverWhenLocatedAsync(located, grainId, request, null);
        }
    }

    private async Task DeliverWhenLocatedAsync(ValueTask<SiloAddress> located, GrainId grainId, GrainRequest request, GrainReference? cacheOn)
    {
        try
        {
            var target = Deliver(await located.ConfigureAwait(false), grainId, request);
            if (cacheOn is not null)
            {
                cacheOn.CachedTarget = target;
            }
        }
        catch (Exception exception)
        {
            Fail(request, exception);
        }
    }

    /// <summary>Delivers locally or sends to <paramref name="silo"/>; returns what a reference may cache.</summary>
    private object? Deliver(SiloAddress silo, GrainId grainId, GrainRequest request)
    {
        if (silo == Cluster!.LocalSilo)
        {
            return Dispatch(grainId, request);
        }

        if (Cluster.Connections.TryGet(silo) is { } connection)
        {
            connection.SendRequest(request, grainId, request.InterfaceId);
            return connection;
        }

        _ = SendWhenConnectedAsync(silo, grainId, request.InterfaceId, request);
        return null;
    }

    private async Task SendWhenConnectedAsync(SiloAddress silo, GrainId grainId, int interfaceId, GrainRequest request)
    {
        try
        {
            var connection = await Cluster!.Connections.GetAsync(silo).ConfigureAwait(false);
            connection.SendRequest(request, grainId, interfaceId);
        }
        catch (Exception exception)
        {
            Fail(request, new SiloUnavailableException($"Could not reach silo {silo} for {request} on {grainId}: {exception.Message}"));
        }
    }

    /// <summary>
    /// Routes a call again, once, after the silo it went to answered that the grain moved away: the stale location is
    /// forgotten first, so the directory or placement decides anew.
    /// </summary>
    public bool Reroute(GrainId grainId, GrainRequest request)
    {
        if (Cluster is null || request.Redelivered)
        {
            return false;
        }

        request.Redelivered = true;
        request.ForgetFailure();
        Cluster.ForgetLocation(grainId);
        Route(grainId, request);
        return true;
    }

    /// <summary>
    /// Takes over an idempotent call whose silo connection closed before it answered: once membership declares that
    /// silo dead (its grains are then placed anew), the call is routed again, at most once and within its deadline.
    /// </summary>
    public bool Redeliver(SiloAddress lost, GrainId grainId, GrainRequest request)
    {
        if (Cluster is null || request.Redelivered)
        {
            return false;
        }

        request.Redelivered = true;
        _ = RedeliverWhenDeadAsync(lost, grainId, request);
        return true;
    }

    private async Task RedeliverWhenDeadAsync(SiloAddress lost, GrainId grainId, GrainRequest request)
    {
        // Bounded by the call's deadline: a silo that is only slow to reconnect is never declared dead here.
        while (!Cluster!.IsDead(lost))
        {
            if (request.IsCompleted)
            {
                return;
            }

            if (request.DeadlineTimestamp != 0 && _time.GetTimestamp() >= request.DeadlineTimestamp)
            {
                Fail(request, new Networking.ConnectionLostException($"The connection to {lost} was lost before {request} on {grainId} answered, and the silo was not declared dead before the call's deadline."));
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), _time).ConfigureAwait(false);
        }

        Route(grainId, request);
    }

    /// <summary>Forwards a request to the silo where its grain is registered (this silo lost a directory race).</summary>
    public void Forward(SiloAddress silo, GrainId grainId, GrainRequest request)
    {
        var interfaceId = request.InterfaceId;
        if (Cluster?.Connections.TryGet(silo) is { } connection)
        {
            connection.SendRequest(request, grainId, interfaceId);
        }
        else if (Cluster is not null)
        {
            _ = SendWhenConnectedAsync(silo, grainId, interfaceId, request);
        }
        else
        {
            Fail(request, new InvalidOperationException($"Grain {grainId} is registered at {silo}, but this silo is not in a cluster."));
        }
    }

    /// <summary>Delivers <paramref name="request"/> to this silo's activation of <paramref name="grainId"/>, creating it if needed.</summary>
    public ActivationData? Dispatch(GrainId grainId, GrainRequest request)
    {
        if (ObserverIds.ClientOf(grainId) is { } client && !services.Catalog.Contains(grainId))
        {
            // A push to an observer of a client connected to this gateway.
            if (Cluster?.Connections.TryGetClient(client) is { } clientConnection)
            {
                clientConnection.SendRequest(request, grainId, request.InterfaceId);
            }
            else
            {
                Fail(request, new ObserverNotFoundException(grainId));
            }

            return null;
        }

        if (Cluster is not null && !services.Catalog.Contains(grainId) && Cluster.PlacedElsewhere(grainId) is { } elsewhere)
        {
            Fail(request, new GrainMovedException($"Grain {grainId} is not hosted on {Cluster.LocalSilo}; placement puts it on {elsewhere}."));
            return null;
        }

        try
        {
            // An activation that ended between lookup and enqueue has left the table; the next lookup finds or makes its successor.
            for (var attempt = 0; attempt < 100; attempt++)
            {
                var activation = services.Catalog.GetOrCreate(grainId);
                if (activation.TryEnqueue(request))
                {
                    return activation;
                }
            }

            throw new InvalidOperationException($"Could not deliver {request} to grain {grainId}: its activations kept ending.");
        }
        catch (Exception exception)
        {
            Fail(request, exception);
            return null;
        }
    }

    private static void Fail(GrainRequest request, Exception exception)
    {
        request.CancellationRegistration.Dispose();
        request.TryFail(exception);
    }
}
