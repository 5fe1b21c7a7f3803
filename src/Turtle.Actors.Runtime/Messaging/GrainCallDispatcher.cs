using Microsoft.Extensions.Options;
using Turtle.Actors.Configuration;
using Turtle.Actors.Invocation;
using Turtle.Actors.Runtime.Catalog;

namespace Turtle.Actors.Runtime.Messaging;

/// <summary>
/// The silo's <see cref="IGrainCallInvoker"/>: stamps each call's deadline, wires its cancellation, and
/// delivers it to the target activation's mailbox. Local calls pass the request object itself; nothing is
/// serialized. Failures to deliver complete the request with the exception instead of throwing at the caller.
/// </summary>
internal sealed class GrainCallDispatcher(ActivationServices services, IOptions<MessagingOptions> options) : IGrainCallInvoker
{
    private readonly TimeSpan _defaultTimeout = options.Value.ResponseTimeout;
    private readonly TimeProvider _time = services.Time;

    public IGrainFactory GrainFactory => services.GrainFactory;

    public void Invoke(GrainReference target, GrainRequest request)
    {
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

        // Fast path: the activation this reference reached last time, if it still accepts requests.
        if (target.CachedTarget is ActivationData cached && cached.TryEnqueue(request))
        {
            return;
        }

        target.CachedTarget = Dispatch(target.GrainId, request);
    }

    /// <summary>Delivers <paramref name="request"/> to the current activation of <paramref name="grainId"/>, creating it if needed.</summary>
    public ActivationData? Dispatch(GrainId grainId, GrainRequest request)
    {
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
            request.CancellationRegistration.Dispose();
            request.TryFail(exception);
            return null;
        }
    }
}
