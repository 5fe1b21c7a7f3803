using System.Diagnostics;
using Turtle.Collector.Linux;
using Turtle.Collector.Probes;
using Turtle.Twin.Observations;

namespace Turtle.Collector;

/// <summary>
/// Samples this Linux machine (or a tree shaped like it under <see cref="HostSamplerOptions.Root"/>) from /proc and
/// /sys: CPU, load, memory, filesystems, disks, interfaces, temperatures, TCP states and processes, with facts on the
/// first sample and every <see cref="HostSamplerOptions.FactsEvery"/>. Rates are measured between consecutive samples
/// on the kernel's uptime clock, so the first sample has none. <see cref="SampleAsync"/> also probes the configured
/// links. Not thread-safe: one caller, one sample at a time.
/// </summary>
public sealed class HostSampler : IHostSampler
{
    private readonly HostSamplerOptions _options;
    private readonly UptimeClock _uptime;
    private readonly CpuSampler _cpu;
    private readonly LoadSampler _load;
    private readonly MemorySampler _memory;
    private readonly FilesystemSampler _filesystems;
    private readonly DiskSampler _disks;
    private readonly NetworkSampler _network;
    private readonly TcpSampler _tcp;
    private readonly TemperatureSampler _temperatures;
    private readonly ProcessSampler _processes;
    private readonly FactsReader _facts;
    private readonly FactsSchedule _factsSchedule;
    private readonly TcpLinkProber? _links;
    private double? _lastUptime;

    /// <param name="options">What to sample; defaults when null.</param>
    /// <param name="fileSystemStats">Filesystem sizes; <see cref="LibcFileSystemStats"/> under the root when null.</param>
    public HostSampler(HostSamplerOptions? options = null, IFileSystemStats? fileSystemStats = null)
    {
        _options = options ?? new HostSamplerOptions();
        _options.Validate();

        // One buffer for every file: the samplers run one after another and never read two files at once.
        var files = new HostFiles(_options.Root);
        var boot = new BootClock(files);
        var clockTicks = _options.ClockTicksPerSecond ?? (files.IsLiveRoot ? ClockTicks.OfThisMachine() : ClockTicks.Usual);
        _uptime = new UptimeClock(files);
        _cpu = new CpuSampler(files);
        _load = new LoadSampler(files);
        _memory = new MemorySampler(files);
        _filesystems = new FilesystemSampler(files, fileSystemStats ?? new LibcFileSystemStats(_options.Root), _options.NetworkFilesystemTimeout);
        _disks = new DiskSampler(files);
        _network = new NetworkSampler(files);
        _tcp = new TcpSampler(files);
        _temperatures = new TemperatureSampler(files);
        _processes = new ProcessSampler(files, boot, _options.Processes, clockTicks, Environment.SystemPageSize);
        _facts = new FactsReader(files, boot);
        _factsSchedule = new FactsSchedule(_options.FactsEvery);
        _links = _options.Links.Count > 0 ? new TcpLinkProber(_options.Links) : null;
    }

    /// <summary>How long the last sample spent on processes, usually its costliest part (for the collector's budget report).</summary>
    public TimeSpan LastProcessesElapsed { get; private set; }

    /// <summary>
    /// How long the last <see cref="SampleAsync"/> waited for its link probes after reading the host: time on the
    /// network, not the collector's CPU, so the collector's budget report leaves it out.
    /// </summary>
    public TimeSpan LastLinksWait { get; private set; }

    /// <summary>Samples the host now and probes its links (see <see cref="HostSamplerOptions.Links"/>).</summary>
    public async ValueTask<HostSample> SampleAsync(DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        if (_links is null)
        {
            return Sample(time);
        }

        // The probes' handshakes are in flight while /proc is read, so the sample waits for the longer of the two, and
        // never longer than the longest link timeout.
        var probes = _links.ProbeAsync(cancellationToken);
        var sample = Sample(time);
        var waitStarted = Stopwatch.GetTimestamp();
        var links = await probes.ConfigureAwait(false);
        LastLinksWait = Stopwatch.GetElapsedTime(waitStarted);
        return sample with { Links = links };
    }

    /// <summary>Samples the host now, without link probes (reading /proc takes milliseconds; nothing here waits on I/O worth awaiting).</summary>
    public HostSample Sample(DateTimeOffset time)
    {
        var uptime = _uptime.Now();
        double? elapsed = uptime - _lastUptime is > 0 and var seconds ? seconds : null;
        _lastUptime = uptime;

        var memory = _memory.Sample();
        var metrics = new HostMetrics
        {
            Cpu = _cpu.Sample(),
            Load = _load.Sample(),
            Memory = memory,
            Filesystems = _filesystems.Sample(),
            Disks = _disks.Sample(elapsed),
            Interfaces = _network.Sample(elapsed),
            Temperatures = _temperatures.Sample(),
            Tcp = _tcp.Sample(),
        };
        var processesStarted = Stopwatch.GetTimestamp();
        var processes = _processes.Sample(uptime, elapsed);
        LastProcessesElapsed = Stopwatch.GetElapsedTime(processesStarted);
        var facts = _factsSchedule.IsDue(time) ? _facts.Read(memory, _filesystems.LastFacts()) : null;
        return new HostSample(time, facts, metrics, processes?.Processes, processes?.Exited, facts is null ? null : _facts.HostName());
    }
}
