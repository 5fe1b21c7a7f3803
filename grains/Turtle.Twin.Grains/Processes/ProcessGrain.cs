using Microsoft.Extensions.Options;
using Turtle.Actors.Lifecycle;
using Turtle.Twin.Changes;
using Turtle.Twin.Observations;
using Turtle.Twin.Twins;

namespace Turtle.Twin.Processes;

/// <summary>What a process grain persists.</summary>
public sealed class ProcessState
{
    public ProcessTwin? Twin { get; set; }
}

/// <summary>
/// The twin of one process (pid and start time). Its appearance, state letter changes and exit are written and
/// announced at once; CPU and memory changes, which arrive every interval and are in history anyway, are written at
/// most once per <see cref="TwinOptions.QuietWriteInterval"/> and announced through the host's change (field
/// <c>processes</c>): a process event per sample would multiply the feed by the number of processes.
/// </summary>
public sealed class ProcessGrain(
    [PersistentState("process")] IPersistentState<ProcessState> state,
    IOptions<TwinOptions> options,
    TimeProvider time) : Grain, IProcessGrain
{
    private readonly QuietWrites _writes = new(time, options.Value.QuietWriteInterval);

    public async Task Observe(ProcessObservation process, DateTimeOffset observedAt)
    {
        var before = state.State.Twin;
        if (before is { Exited: true } || (before is not null && observedAt < before.LastSeen))
        {
            return; // an ended process does not come back; an older report does not replace a newer one
        }

        var key = this.GetPrimaryKeyString();
        var after = (before ?? new ProcessTwin
        {
            Key = key,
            Host = TwinKeys.HostOfProcess(key) ?? "",
            Pid = process.Pid,
            StartTime = process.StartTime,
            FirstSeen = observedAt,
        }) with
        {
            Name = process.Name,
            Command = process.Command ?? before?.Command,
            User = process.User ?? before?.User,
            State = process.State,
            CpuPercent = process.CpuPercent,
            RssBytes = process.RssBytes,
            Threads = process.Threads,
            Fds = process.Fds,
            LastSeen = observedAt,
        };
        // Every update is a new version; only appearance and state changes get an event of their own.
        string[] changed = before is null ? ["created"] : before.State != after.State ? ["state"] : [];
        after = after with { Version = after.Version + 1 };
        state.State.Twin = after;
        if (_writes.Due(important: changed.Length > 0))
        {
            await state.WriteStateAsync();
        }

        Announce(after, changed);
    }

    public async Task Exit(ProcessExit exit, DateTimeOffset observedAt)
    {
        var key = this.GetPrimaryKeyString();
        var before = state.State.Twin ?? new ProcessTwin
        {
            Key = key,
            Host = TwinKeys.HostOfProcess(key) ?? "",
            Pid = exit.Pid,
            StartTime = exit.StartTime,
            FirstSeen = observedAt,
            LastSeen = observedAt,
        };
        if (before.Exited)
        {
            return;
        }

        var after = before with { Version = before.Version + 1, Exited = true, ExitTime = exit.ExitTime ?? observedAt, ExitCode = exit.ExitCode, State = null, CpuPercent = 0 };
        state.State.Twin = after;
        _writes.Due(important: true);
        await state.WriteStateAsync();
        Announce(after, ["exited"]);
        DeactivateOnIdle(); // the exit is recorded; nothing more will happen to this twin
    }

    public Task<ProcessTwin?> GetTwin() => Task.FromResult(state.State.Twin);

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _writes.Pending ? state.WriteStateAsync(cancellationToken) : Task.CompletedTask;

    private void Announce(ProcessTwin twin, IReadOnlyList<string> changed)
    {
        if (changed.Count > 0)
        {
            _ = GrainFactory.GetGrain<IChangeFeedGrain>(IChangeFeedGrain.Key).Publish(new TwinChange(twin.Key, TwinKind.Process, twin.Version, changed, time.GetUtcNow()));
        }
    }
}
