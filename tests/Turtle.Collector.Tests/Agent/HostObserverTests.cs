using System.Text.Json;
using Microsoft.Extensions.Logging;
using Turtle.Actors.Testing;
using Turtle.Collector.Agent;
using Turtle.Collector.Buffering;
using Turtle.Collector.Citizen;
using Turtle.Collector.Configuration;
using Turtle.Collector.Tests.Buffering;
using Turtle.Collector.Tests.Citizen;
using Turtle.Collector.Tests.Shipping;
using Turtle.Twin.Observations;

namespace Turtle.Collector.Tests.Agent;

/// <summary>One observed host's sampling loop, with a fake sampler and a real buffer.</summary>
public sealed class HostObserverTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);
    private static readonly ObservedHost Host = new("dc1", "web-1", "dc1-web-1");

    private readonly TempDirectory _dir = new();
    private readonly DiskBuffer _buffer;
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly CostMeter _costs = new();
    private readonly RecordingLogger _log = new();
    private readonly FakeSampler _sampler = new();

    public HostObserverTests() => _buffer = BatchJson.Open(_dir.Path);

    public void Dispose()
    {
        _buffer.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Each_observation_appends_one_batch_addressed_and_numbered()
    {
        var observer = Observer();

        await observer.ObserveOnceAsync(CancellationToken.None);
        _time.Advance(Interval);
        await observer.ObserveOnceAsync(CancellationToken.None);

        var batches = _buffer.Peek(10, long.MaxValue);
        Assert.Equal([1L, 2], batches.Seqs());
        for (var i = 0; i < batches.Count; i++)
        {
            using var json = JsonDocument.Parse(batches[i].Json);
            var root = json.RootElement;
            Assert.Equal(Observation.SchemaV1, root.GetProperty("schema").GetString());
            Assert.Equal("dc1-web-1", root.GetProperty("collector").GetString());
            Assert.Equal(batches[i].Seq, root.GetProperty("seq").GetInt64());
            Assert.Equal("dc1", root.GetProperty("dc").GetString());
            Assert.Equal("web-1", root.GetProperty("host").GetString());
            Assert.Equal(5, root.GetProperty("interval").GetDouble());
            Assert.Equal(_sampler.Times[i], root.GetProperty("time").GetDateTimeOffset());
            Assert.Equal(0.25 * (i + 1), root.GetProperty("metrics").GetProperty("load").GetProperty("avg1").GetDouble());
            Assert.False(root.TryGetProperty("self", out _));
            Assert.False(root.TryGetProperty("facts", out _)); // nulls are left out
        }

        Assert.Equal([_time.GetUtcNow() - Interval, _time.GetUtcNow()], _sampler.Times); // sampled at the clock's time
    }

    [Fact]
    public async Task A_batch_is_json_the_silo_reads_back()
    {
        await Observer().ObserveOnceAsync(CancellationToken.None);

        var observation = JsonSerializer.Deserialize<Observation>(_buffer.Peek(1, long.MaxValue)[0].Json, JsonSerializerOptions.Web)!;
        Assert.Equal(new LoadMetrics(0.25, 0.2, 0.1), observation.Metrics?.Load);
        Assert.Equal(1, observation.Seq);
        Assert.Equal("dc1/web-1", observation.HostKey);
    }

    [Fact]
    public async Task A_failing_sampler_appends_nothing_and_does_not_throw_and_is_logged_when_it_starts_and_stops_failing()
    {
        var observer = Observer();
        _sampler.Failure = new HttpRequestException("connection refused");

        for (var i = 0; i < 3; i++)
        {
            await observer.ObserveOnceAsync(CancellationToken.None);
        }

        Assert.Empty(_buffer.PendingSeqs());
        Assert.Equal(0, _buffer.LastSeq);
        var warning = Assert.Single(_log.At(LogLevel.Warning));
        Assert.Contains("dc1/web-1", warning, StringComparison.Ordinal);
        Assert.Contains("connection refused", warning, StringComparison.Ordinal);

        _sampler.Failure = null;
        await observer.ObserveOnceAsync(CancellationToken.None);

        Assert.Equal([1L], _buffer.PendingSeqs()); // no number was used up by the failed ones
        Assert.Contains(_log.At(LogLevel.Information), m => m.Contains("after 3 failed intervals", StringComparison.Ordinal));

        _sampler.Failure = new InvalidOperationException("bad scrape");
        await observer.ObserveOnceAsync(CancellationToken.None);
        Assert.Equal(2, _log.At(LogLevel.Warning).Length); // a new run of failures is logged again
    }

    [Fact]
    public async Task Cancellation_while_sampling_is_not_taken_for_a_failed_sample()
    {
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        _sampler.Failure = new OperationCanceledException(stop.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Observer().ObserveOnceAsync(stop.Token));
        Assert.Empty(_log.Entries);
    }

    [Fact]
    public async Task A_timeout_inside_the_sampler_is_a_failed_sample_not_a_stop()
    {
        _sampler.Failure = new TaskCanceledException("scrape timed out");

        await Observer().ObserveOnceAsync(CancellationToken.None);

        Assert.Empty(_buffer.PendingSeqs());
        Assert.Single(_log.At(LogLevel.Warning));
    }

    [Fact]
    public async Task The_self_report_goes_with_the_batches_it_is_given_to()
    {
        using var proc = new ProcFixture().Stat(100, 50, 1000).Statm(2500).Uptime(100);
        var self = new CollectorSelf(new SelfMonitor(proc.Path), [_buffer]);
        _buffer.AppendLine(); // one batch already waits when the observer reports

        await Observer(self).ObserveOnceAsync(CancellationToken.None);

        using var json = JsonDocument.Parse(_buffer.Peek(10, long.MaxValue)[^1].Json);
        var report = json.RootElement.GetProperty("self");
        Assert.Equal(2500L * Environment.SystemPageSize, report.GetProperty("rssBytes").GetInt64());
        Assert.Equal(1, report.GetProperty("bufferedBatches").GetInt64());
        Assert.Equal(CollectorSelf.Version, report.GetProperty("version").GetString());
    }

    [Fact]
    public async Task Without_a_self_report_a_scrape_targets_batches_carry_none()
    {
        var target = new ObservedHost("dc1", "router", "dc1-router", new Uri("http://192.168.1.1:9100/metrics"), TimeSpan.FromSeconds(5));

        await new HostObserver(target, _sampler, _buffer, null, Interval, _time, _costs, _log).ObserveOnceAsync(CancellationToken.None);

        using var json = JsonDocument.Parse(_buffer.Peek(1, long.MaxValue)[0].Json);
        Assert.False(json.RootElement.TryGetProperty("self", out _));
        Assert.Equal("router", json.RootElement.GetProperty("host").GetString());
        Assert.Equal("dc1-router", json.RootElement.GetProperty("collector").GetString());
    }

    [Fact]
    public async Task A_buffer_that_cannot_be_written_loses_the_sample_and_logs_it()
    {
        using var dir = new TempDirectory();
        var folder = dir.Combine("dc1_web-1");
        using var buffer = BatchJson.Open(folder);
        var observer = new HostObserver(Host, _sampler, buffer, null, Interval, _time, _costs, _log);
        Directory.Delete(folder); // its first segment cannot be created (as on a disk gone read-only or full)

        await observer.ObserveOnceAsync(CancellationToken.None);

        Assert.Contains(_log.At(LogLevel.Error), m => m.Contains("this sample is lost", StringComparison.Ordinal));
        Assert.Equal(0, buffer.LastSeq);

        Directory.CreateDirectory(folder);
        await observer.ObserveOnceAsync(CancellationToken.None);
        Assert.Equal([1L], buffer.PendingSeqs()); // the lost sample used up no number
    }

    [Fact]
    public async Task Sampling_and_appending_are_counted_as_costs()
    {
        await Observer().ObserveOnceAsync(CancellationToken.None);

        var costs = _costs.TakeSnapshot();
        Assert.True(costs[CostPart.Scraping] > TimeSpan.Zero); // not a HostSampler: the time counts as scraping
        Assert.True(costs[CostPart.BufferWrites] > TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, costs[CostPart.HostMetrics]);
        Assert.Equal(TimeSpan.Zero, costs[CostPart.Processes]);
    }

    [Fact]
    public async Task Running_samples_at_once_and_then_every_interval_until_cancelled()
    {
        using var stop = new CancellationTokenSource();

        var running = Observer().RunAsync(stop.Token);
        await _sampler.Call(1).WaitAsync(Guard);
        Assert.False(_sampler.Call(2).IsCompleted);

        _time.Advance(Interval);
        await _sampler.Call(2).WaitAsync(Guard);
        _time.Advance(Interval);
        await _sampler.Call(3).WaitAsync(Guard);
        stop.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(Guard));
        Assert.Equal([1L, 2, 3], _buffer.PendingSeqs());
        Assert.Equal([0, 5, 10], _sampler.Times.Select(t => (t - _sampler.Times[0]).TotalSeconds));
    }

    private HostObserver Observer(CollectorSelf? self = null) => new(Host, _sampler, _buffer, self, Interval, _time, _costs, _log);

    /// <summary>A sampler whose load average grows by 0.25 each call, or that throws <see cref="Failure"/>.</summary>
    private sealed class FakeSampler : IHostSampler
    {
        private readonly Lock _lock = new();
        private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = [];
        private int _calls;

        public Exception? Failure { get; set; }

        public List<DateTimeOffset> Times { get; } = [];

        public Task Call(int n)
        {
            lock (_lock)
            {
                if (_calls >= n)
                {
                    return Task.CompletedTask;
                }

                var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((n, signal));
                return signal.Task;
            }
        }

        public ValueTask<HostSample> SampleAsync(DateTimeOffset time, CancellationToken cancellationToken = default)
        {
            List<TaskCompletionSource> reached;
            HostSample sample;
            lock (_lock)
            {
                _calls++;
                var n = _calls;
                reached = _waiters.Where(w => w.Count == n).Select(w => w.Signal).ToList();
                _waiters.RemoveAll(w => w.Count == n);
                if (Failure is { } failure)
                {
                    reached.ForEach(s => s.TrySetResult());
                    return ValueTask.FromException<HostSample>(failure);
                }

                Times.Add(time);
                var load = 0.25 * Times.Count;
                sample = new HostSample(time, null, new HostMetrics { Load = new LoadMetrics(load, 0.2, 0.1) }, null, null, null);
            }

            // Signalled before returning, but the observer appends before it awaits again: see the Running test.
            reached.ForEach(s => s.TrySetResult());
            return ValueTask.FromResult(sample);
        }
    }
}
