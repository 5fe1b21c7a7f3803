using Turtle.Actors.Invocation;

namespace Turtle.Actors.Runtime.Catalog;

/// <summary>
/// The turn rules of one activation, without threads: which requests run, which wait, and which may
/// interleave. A normal request runs alone; <c>[ReadOnly]</c> requests run together; <c>[AlwaysInterleave]</c>
/// requests and every request to a <c>[Reentrant]</c> grain start at once. Waiting requests start in arrival
/// order. The owning activation calls every member under its lock.
/// </summary>
internal sealed class ActivationMailbox(bool reentrant)
{
    private readonly Queue<GrainRequest> _waiting = new();
    private readonly List<GrainRequest> _running = new(1);
    private int _runningExclusive;
    private int _runningReadOnly;

    public int RunningCount => _running.Count;

    public int WaitingCount => _waiting.Count;

    public bool IsEmpty => _running.Count == 0 && _waiting.Count == 0;

    /// <summary>Starts <paramref name="request"/> if the rules allow it now; otherwise queues it. Returns true when started.</summary>
    public bool StartOrQueue(GrainRequest request)
    {
        if (BypassesQueue(request) || (_waiting.Count == 0 && MayStart(request)))
        {
            Start(request);
            return true;
        }

        _waiting.Enqueue(request);
        return false;
    }

    public void Queue(GrainRequest request) => _waiting.Enqueue(request);

    /// <summary>Starts the next waiting request if the rules allow it.</summary>
    public bool TryStartNext(out GrainRequest request)
    {
        if (_waiting.TryPeek(out request!) && (BypassesQueue(request) || MayStart(request)))
        {
            _waiting.Dequeue();
            Start(request);
            return true;
        }

        return false;
    }

    public void Complete(GrainRequest request)
    {
        if (!_running.Remove(request))
        {
            return;
        }

        switch (Kind(request))
        {
            case RequestKind.Exclusive:
                _runningExclusive--;
                break;
            case RequestKind.ReadOnly:
                _runningReadOnly--;
                break;
        }
    }

    /// <summary>Removes and returns every waiting request (the activation failed or ended).</summary>
    public List<GrainRequest> DrainWaiting()
    {
        var drained = new List<GrainRequest>(_waiting);
        _waiting.Clear();
        return drained;
    }

    /// <summary>Fails requests still running when their activation is forced to end.</summary>
    public void FailRunning(Exception exception)
    {
        foreach (var request in _running)
        {
            request.TryFail(exception);
        }
    }

    /// <summary>Fails every running or waiting request whose deadline has passed.</summary>
    public void ExpireOverdue(long now, Func<GrainRequest, bool, Exception> timeout)
    {
        foreach (var request in _running)
        {
            if (IsOverdue(request, now))
            {
                request.TryFail(timeout(request, true));
            }
        }

        foreach (var request in _waiting)
        {
            if (IsOverdue(request, now))
            {
                request.TryFail(timeout(request, false));
            }
        }
    }

    private static bool IsOverdue(GrainRequest request, long now) =>
        request.DeadlineTimestamp != 0 && now >= request.DeadlineTimestamp && !request.IsCompleted;

    private bool BypassesQueue(GrainRequest request) => reentrant || Kind(request) == RequestKind.Interleaving;

    private bool MayStart(GrainRequest request) => Kind(request) switch
    {
        RequestKind.Interleaving => true,
        RequestKind.ReadOnly => _runningExclusive == 0,
        _ => _runningExclusive == 0 && _runningReadOnly == 0,
    };

    private void Start(GrainRequest request)
    {
        _running.Add(request);
        switch (Kind(request))
        {
            case RequestKind.Exclusive:
                _runningExclusive++;
                break;
            case RequestKind.ReadOnly:
                _runningReadOnly++;
                break;
        }
    }

    private RequestKind Kind(GrainRequest request)
    {
        var options = request.Options;
        if (reentrant || (options & InvokeMethodOptions.AlwaysInterleave) != 0)
        {
            return RequestKind.Interleaving;
        }

        return (options & InvokeMethodOptions.ReadOnly) != 0 ? RequestKind.ReadOnly : RequestKind.Exclusive;
    }

    private enum RequestKind
    {
        Exclusive,
        ReadOnly,
        Interleaving,
    }
}
