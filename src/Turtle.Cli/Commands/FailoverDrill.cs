using System.Globalization;
using Spectre.Console;
using Turtle.Cli.Api;
using Turtle.Cli.Output;
using Turtle.Twin.Failover;

namespace Turtle.Cli.Commands;

/// <summary>
/// One failover drill: prints the status, runs the fault command, follows <c>GET /api/v1/failover</c> every
/// <see cref="PollInterval"/> (each new decision printed with the seconds since the fault) until the phase is Promoted,
/// runs the restore command and follows until Normal, then prints how long each step took. Times are measured on this
/// machine's monotonic clock from the moment the fault command returned, so they are accurate to one poll.
/// </summary>
/// <remarks>
/// A poll that fails (the silo asked is the one killed, or is briefly busy) is reported once on stderr and retried until
/// the timeout: ask a silo of a DC that survives the fault (dc2 for a drill that kills dc1).
/// </remarks>
public sealed class FailoverDrill(CliContext context, string? fault, string? restore, TimeSpan timeout)
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest one poll may take; shorter when the timeout is nearer.</summary>
    private static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan MinPollTimeout = TimeSpan.FromSeconds(1);

    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private FailoverView? _last;
    private FailoverPhase _lastPhase;
    private string? _problem;
    private string? _warning;
    private long _faultAt;
    private TimeSpan? _declaredDown;
    private TimeSpan? _promoted;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var start = await context.Api.GetFailoverAsync(cancellationToken);
        foreach (var part in FailoverReport.Render(start, context.Time.GetUtcNow()))
        {
            context.Console.Write(part);
        }

        if (start.Status.Phase != FailoverPhase.Normal)
        {
            throw new CliException(ExitCodes.DrillFailed,
                $"a drill starts from Normal, but the cluster is {start.Status.Phase} (epoch {start.Status.Epoch}{(start.Status.FailedDc is { } dc ? $", {dc} failed" : "")}); wait for Normal and drill again");
        }

        if (!start.Enabled)
        {
            Note("failover is disabled on this cluster (Turtle__Failover__Enabled): the phase will stay Normal and the drill will time out");
        }

        Remember(start);
        _faultAt = await RunStepAsync("Fault", fault, "inject the fault now (no --fault given)", cancellationToken);
        Say($"Following {context.Api.Server}api/v1/failover every {PollInterval.TotalSeconds:0.0} s until Promoted (timeout {Seconds(timeout)}).");
        await FollowUntilAsync(FailoverPhase.Promoted, _faultAt, "the fault", cancellationToken);
        var promotedView = _last!;

        TimeSpan? normal = null;
        TimeSpan? normalAfterFault = null;
        if (restore is not null)
        {
            var restoredAt = await RunStepAsync("Restore", restore, "", cancellationToken);
            Say($"Following until Normal (timeout {Seconds(timeout)}; the return waits out the recovery hysteresis window).");
            normal = await FollowUntilAsync(FailoverPhase.Normal, restoredAt, "the restore", cancellationToken);
            normalAfterFault = context.Time.GetElapsedTime(_faultAt);
        }

        context.Console.Write(Summary(promotedView, normal, normalAfterFault));
        return ExitCodes.Ok;
    }

    /// <summary>Runs a fault or restore command (or says what the operator should do); returns when it is done, as a timestamp.</summary>
    private async Task<long> RunStepAsync(string step, string? command, string withoutCommand, CancellationToken cancellationToken)
    {
        if (command is null)
        {
            Say($"{step}: {withoutCommand}");
            return context.Time.GetTimestamp();
        }

        Say($"{step}: {command}");
        var exitCode = await ShellCommand.RunAsync(command, cancellationToken);
        if (exitCode != 0)
        {
            throw new CliException(ExitCodes.DrillFailed, $"the {step.ToLowerInvariant()} command exited {exitCode}: {command}");
        }

        return context.Time.GetTimestamp();
    }

    /// <summary>Polls until the phase is <paramref name="target"/>; returns how long after <paramref name="since"/> that was seen.</summary>
    private async Task<TimeSpan> FollowUntilAsync(FailoverPhase target, long since, string after, CancellationToken cancellationToken)
    {
        while (true)
        {
            // The last poll, at the deadline, still gets a second to answer.
            var remaining = timeout - context.Time.GetElapsedTime(since);
            var limit = remaining < MinPollTimeout ? MinPollTimeout : Min(remaining, PollTimeout);
            if (await PollAsync(limit, cancellationToken) is { } view && view.Status.Phase == target)
            {
                return context.Time.GetElapsedTime(since);
            }

            remaining = timeout - context.Time.GetElapsedTime(since);
            if (remaining <= TimeSpan.Zero)
            {
                throw new CliException(ExitCodes.DrillFailed, TimedOut(target, after));
            }

            await Task.Delay(Min(remaining, PollInterval), context.Time, cancellationToken);
        }
    }

    /// <summary>One poll: prints the decisions not seen before and notes milestones; null when the silo did not answer.</summary>
    private async Task<FailoverView?> PollAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        FailoverView view;
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        poll.CancelAfter(limit);
        try
        {
            view = await context.Api.GetFailoverAsync(poll.Token);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested &&
                                          exception is OperationCanceledException or CliException { ExitCode: ExitCodes.Unreachable or ExitCodes.ServerError })
        {
            var problem = exception is CliException ? exception.Message : $"no answer within {limit.TotalSeconds:0.#} s";
            if (_problem is null)
            {
                Note($"{problem}; still following");
            }

            _problem = problem;
            return null;
        }

        if (_problem is not null)
        {
            Note($"the silo at {context.Api.Server} answers again");
            _problem = null;
        }

        if (view.Warning != _warning && view.Warning is { Length: > 0 } warning)
        {
            Note(warning);
        }

        _warning = view.Warning;
        var elapsed = context.Time.GetElapsedTime(_faultAt);
        var printed = false;
        foreach (var decision in view.Status.Decisions.Where(d => _seen.Add(Identity(d))))
        {
            Say($"+{elapsed.TotalSeconds,5:0.0}s  {Cells.Time(decision.Time)}  epoch {decision.Epoch}  {FailoverReport.Change(decision)}  {decision.Decision}  [{decision.Evidence}]");
            printed |= decision.To == view.Status.Phase;
            Milestones(decision.To, elapsed);
        }

        if (view.Status.Phase != _lastPhase && !printed)
        {
            Say($"+{elapsed.TotalSeconds,5:0.0}s  phase {view.Status.Phase} (epoch {view.Status.Epoch})");
        }

        Milestones(view.Status.Phase, elapsed);
        _lastPhase = view.Status.Phase;
        _last = view;
        return view;
    }

    private void Milestones(FailoverPhase phase, TimeSpan elapsed)
    {
        if (phase is FailoverPhase.DcDown or FailoverPhase.Promoted)
        {
            _declaredDown ??= elapsed;
        }

        if (phase == FailoverPhase.Promoted)
        {
            _promoted ??= elapsed;
        }
    }

    private void Remember(FailoverView view)
    {
        foreach (var decision in view.Status.Decisions)
        {
            _seen.Add(Identity(decision));
        }

        _lastPhase = view.Status.Phase;
        _warning = view.Warning;
        _last = view;
    }

    private Grid Summary(FailoverView promoted, TimeSpan? normal, TimeSpan? normalAfterFault)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Row(string label, string value) => grid.AddRow(new Markup($"[bold]{Markup.Escape(label)}[/]"), Cells.Plain(value));
        Row("Drill summary", $"times after the fault as this CLI saw them, polling every {PollInterval.TotalSeconds:0.0} s");
        Row("Fault", fault ?? "injected by hand");
        Row("Declared down", _declaredDown is { } down ? $"{Seconds(down)} after the fault" : Cells.None);
        Row("Promoted", $"{Seconds(_promoted ?? TimeSpan.Zero)} after the fault ({promoted.Status.PromotedDc ?? "?"} promoted for {promoted.Status.FailedDc ?? "?"}, epoch {promoted.Status.Epoch})");
        Row("Restore", restore ?? "not run (no --restore): the cluster stays Promoted until the failed DC returns");
        Row("Back to Normal", normal is { } back
            ? $"{Seconds(back)} after the restore, {Seconds(normalAfterFault ?? back)} after the fault (epoch {_last?.Status.Epoch})"
            : Cells.None);
        return grid;
    }

    private string TimedOut(FailoverPhase target, string after)
    {
        var phase = _last?.Status.Phase ?? _lastPhase;
        var message = $"the drill timed out: the phase was still {phase}, not {target}, {Seconds(timeout)} after {after}";
        if (_last is { Enabled: false })
        {
            message += " (failover is disabled on this cluster)";
        }

        return _problem is null ? message : $"{message}; the last poll failed: {_problem}";
    }

    private void Say(string line)
    {
        context.Output.WriteLine(line);
        context.Output.Flush();
    }

    private void Note(string line)
    {
        context.Error.WriteLine($"turtle: {line}");
        context.Error.Flush();
    }

    private static string Identity(FailoverDecision d) =>
        $"{d.Time.UtcTicks}|{d.Epoch}|{d.From}|{d.To}|{d.Decision}";

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
