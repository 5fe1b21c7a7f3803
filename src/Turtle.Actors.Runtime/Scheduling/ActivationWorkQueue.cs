using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Turtle.Actors.Invocation;

namespace Turtle.Actors.Runtime.Scheduling;

/// <summary>
/// The single-threaded executor behind one activation: work items run one at a time, in order, on the thread
/// pool, with the activation's <see cref="SynchronizationContext"/> installed so that every <c>await</c> in
/// grain code resumes here. This is what makes turns single-threaded without locks in grain code.
/// </summary>
internal sealed class ActivationWorkQueue : IThreadPoolWorkItem
{
    // Items run per thread-pool visit before yielding, so one busy activation cannot starve the others.
    private const int TurnsPerVisit = 64;

    private readonly ConcurrentQueue<WorkItem> _items = new();
    private readonly IWorkItemRunner _runner;
    private readonly ActivationSynchronizationContext _context;
    private readonly ILogger _logger;
    private int _scheduled;

    public ActivationWorkQueue(IWorkItemRunner runner, ILogger logger)
    {
        _runner = runner;
        _logger = logger;
        _context = new ActivationSynchronizationContext(this);
    }

    /// <summary>True on a thread currently running this queue's items.</summary>
    public bool IsCurrent => SynchronizationContext.Current == _context;

    public void Post(WorkItem item)
    {
        _items.Enqueue(item);
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    public void Execute()
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_context);
        try
        {
            for (var i = 0; i < TurnsPerVisit && _items.TryDequeue(out var item); i++)
            {
                try
                {
                    item.Run(_runner);
                }
                catch (Exception exception)
                {
                    // Grain exceptions are captured by their requests; anything here is a runtime bug or a bad continuation.
                    _logger.LogError(exception, "Unhandled exception in a turn of {Activation}", _runner);
                }
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
            // A full fence, not a release store: the emptiness check below must not be reordered before it, or a
            // concurrent Post that saw "scheduled" would be lost (x86 reorders a store followed by a load).
            Interlocked.Exchange(ref _scheduled, 0);
            if (!_items.IsEmpty && Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
            {
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            }
        }
    }

    private sealed class ActivationSynchronizationContext(ActivationWorkQueue queue) : SynchronizationContext
    {
        public override void Post(SendOrPostCallback callback, object? state) => queue.Post(new WorkItem(callback, state));

        public override void Send(SendOrPostCallback callback, object? state) =>
            throw new NotSupportedException("Synchronous sends into a grain activation would block its turn; use await.");

        public override SynchronizationContext CreateCopy() => this;
    }
}

/// <summary>What a work item asks of its activation.</summary>
internal interface IWorkItemRunner
{
    void RunRequest(GrainRequest request);
}

/// <summary>A request to start, a continuation to resume, or an internal step such as activation.</summary>
internal readonly struct WorkItem
{
    private readonly object _target;
    private readonly object? _state;

    public WorkItem(GrainRequest request) => _target = request;

    public WorkItem(SendOrPostCallback callback, object? state)
    {
        _target = callback;
        _state = state;
    }

    public WorkItem(Action action) => _target = action;

    public void Run(IWorkItemRunner runner)
    {
        switch (_target)
        {
            case GrainRequest request:
                runner.RunRequest(request);
                break;
            case SendOrPostCallback callback:
                callback(_state);
                break;
            case Action action:
                action();
                break;
        }
    }
}
