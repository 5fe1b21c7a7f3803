using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Turtle.Actors.Runtime.Membership;

namespace Turtle.Actors.Runtime.Diagnostics;

/// <summary>
/// The runtime's metrics (meter <see cref="MeterName"/>) and traces (activity source <see cref="ActivitySourceName"/>):
/// grain calls and their time, activations per grain type, the silo's status and the membership view. One
/// instrumentation feeds every reader: the silo's <c>/metrics</c> and, when configured, OpenTelemetry's OTLP export.
/// The meter comes from the host's <see cref="IMeterFactory"/>, so two silos in one process (tests) keep their figures
/// apart. Unread, a call costs one <see cref="Instrument.Enabled"/> check per instrument.
/// </summary>
public sealed class RuntimeTelemetry : IDisposable
{
    public const string MeterName = "Turtle.Actors.Runtime";

    public const string ActivitySourceName = "Turtle.Actors.Runtime";

    /// <summary>Seconds: from half a millisecond (a local call) to half a minute (the default deadline).</summary>
    public static readonly IReadOnlyList<double> CallDurationBuckets =
        [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    /// <summary>Grain calls as spans (server kind), parented to the caller's span when the call started in this process.</summary>
    public static readonly ActivitySource Source = new(ActivitySourceName);

    private readonly Meter _meter;
    private readonly IServiceProvider _services;
    private Silo? _silo;
    private IClusterMembership? _membership;

    internal RuntimeTelemetry(IServiceProvider services)
    {
        _services = services;
        _meter = services.GetService<IMeterFactory>()?.Create(MeterName) ?? new Meter(MeterName);
        Calls = _meter.CreateCounter<long>("turtle.grain.calls", "{call}",
            "Grain calls handled by this silo, by grain interface, method and outcome (ok or failed).");
        CallDuration = _meter.CreateHistogram("turtle.grain.call.duration", "s",
            "Time from a grain call's first turn to its completion (awaits included, queueing not).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = CallDurationBuckets });
        _meter.CreateObservableGauge("turtle.grain.activations", ObserveActivations, "{activation}",
            "Grain activations on this silo by grain type (observers and system targets left out).");
        _meter.CreateObservableGauge("turtle.silo.status", ObserveStatus, null,
            "This silo's lifecycle status: 1 for the current one (Created, Starting, Active, ShuttingDown, Stopped).");
        _meter.CreateObservableGauge("turtle.membership.silos", ObserveMembership, "{silo}",
            "Silos in this silo's membership view by DC and status (Active ones take calls).");
    }

    internal Counter<long> Calls { get; }

    internal Histogram<double> CallDuration { get; }

    /// <summary>Whether anything reads call counts or times (then each call is timed).</summary>
    internal bool CallsObserved => Calls.Enabled || CallDuration.Enabled;

    internal void RecordCall(string interfaceName, string methodName, double seconds, bool failed)
    {
        var grainInterface = new KeyValuePair<string, object?>("grain.interface", interfaceName);
        var method = new KeyValuePair<string, object?>("grain.method", methodName);
        Calls.Add(1, grainInterface, method, new KeyValuePair<string, object?>("outcome", failed ? "failed" : "ok"));
        CallDuration.Record(seconds, grainInterface, method);
    }

    private IEnumerable<Measurement<int>> ObserveActivations() =>
        SiloOrNull()?.ActivationsByType().Select(t => new Measurement<int>(t.Value, new KeyValuePair<string, object?>("grain.type", t.Key))) ?? [];

    private IEnumerable<Measurement<int>> ObserveStatus()
    {
        if (SiloOrNull() is not { } silo)
        {
            return [];
        }

        return Enum.GetValues<SiloStatus>().Select(s => new Measurement<int>(s == silo.Status ? 1 : 0,
            new KeyValuePair<string, object?>("silo", silo.Name), new KeyValuePair<string, object?>("status", s.ToString())));
    }

    private IEnumerable<Measurement<int>> ObserveMembership()
    {
        _membership ??= Resolve<IClusterMembership>();
        if (_membership is null)
        {
            return [];
        }

        return _membership.Snapshot.Entries
            .GroupBy(row => (row.Entry.Dc, Status: row.Entry.Status.ToString()))
            .Select(g => new Measurement<int>(g.Count(),
                new KeyValuePair<string, object?>("dc", g.Key.Dc), new KeyValuePair<string, object?>("status", g.Key.Status)));
    }

    // Resolved at the first reading, not at construction: the silo is built after the services that build this.
    private Silo? SiloOrNull() => _silo ??= Resolve<Silo>();

    private T? Resolve<T>() where T : class
    {
        try
        {
            return _services.GetService<T>();
        }
        catch (ObjectDisposedException)
        {
            return null; // read while the host shuts down
        }
    }

    public void Dispose() => _meter.Dispose();
}
