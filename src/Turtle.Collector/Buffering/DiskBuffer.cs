using Microsoft.Extensions.Logging;

namespace Turtle.Collector.Buffering;

/// <summary>
/// The write-ahead buffer of one observed host. Every batch is appended here first (synced to disk, with the next
/// sequence number), and the shipper sends only what it reads back from here, oldest first: one path for live data and
/// back-fill, so after an outage or a crash nothing is skipped and nothing is sent under a number used before.
/// Acknowledged batches are recorded in a small state file and their segments deleted; when the buffer is full the
/// oldest segment is dropped, counted and logged. Thread-safe: the sampler appends while the shipper reads.
/// </summary>
public sealed partial class DiskBuffer : IDisposable
{
    private const long MinSegmentBytes = 4 * 1024;

    /// <summary>The smallest size cap <see cref="Open"/> takes: four of the smallest segments.</summary>
    public const long MinMaxBytes = 4 * MinSegmentBytes;

    private readonly Lock _lock = new();
    private readonly string _directory;
    private readonly string _name;
    private readonly long _maxBytes;
    private readonly long _segmentBytes;
    private readonly ILogger _logger;
    private readonly List<Segment> _segments;
    private BufferState _state;
    private Segment? _active;
    private long _lastSeq;
    private long _fileBytes;
    private long _pendingBatches;
    private long _pendingBytes;
    private TaskCompletionSource? _pendingWaiter;

    private DiskBuffer(string directory, string name, long maxBytes, long segmentBytes, ILogger logger, List<Segment> segments, BufferState state)
    {
        _directory = directory;
        _name = name;
        _maxBytes = maxBytes;
        _segmentBytes = Math.Max(MinSegmentBytes, Math.Min(segmentBytes, maxBytes / 4));
        _logger = logger;
        _segments = segments;
        _state = state;
        _lastSeq = Math.Max(Math.Max(state.AckedThrough, state.DroppedThrough), segments.Count > 0 ? segments[^1].LastSeq : 0);
        foreach (var segment in segments)
        {
            _fileBytes += segment.Length;
            foreach (var entry in segment.Entries.Where(e => e.Seq > state.AckedThrough))
            {
                _pendingBatches++;
                _pendingBytes += entry.Length + 1;
            }
        }
    }

    /// <summary>The directory this buffer keeps its files in.</summary>
    public string Directory => _directory;

    /// <summary>The highest sequence number ever given out; the next append takes the one after it.</summary>
    public long LastSeq
    {
        get
        {
            lock (_lock)
            {
                return _lastSeq;
            }
        }
    }

    public BufferDepth Depth
    {
        get
        {
            lock (_lock)
            {
                return new BufferDepth(_pendingBatches, _pendingBytes, _state.DroppedBatches, _state.RejectedBatches);
            }
        }
    }

    /// <summary>
    /// Opens (or creates) the buffer in <paramref name="directory"/>, recovering what an earlier run left: torn last
    /// lines are cut off, acknowledged segments deleted, and numbering continues above everything recorded.
    /// <paramref name="name"/> is the observed host (<c>dc1/web-1</c>) for log messages.
    /// </summary>
    public static DiskBuffer Open(string directory, string name, long maxBytes, long segmentBytes, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, MinMaxBytes);
        System.IO.Directory.CreateDirectory(directory);
        File.Delete(Path.Join(directory, BufferState.FileName + ".tmp")); // a save a crash interrupted; the old state stands

        var state = BufferState.Load(directory);
        if (state is null)
        {
            // Every buffered line is then sent again; the silo acknowledges those it has as duplicates.
            LogUnreadableState(logger, name, directory);
            state = BufferState.Empty;
        }

        var segments = new List<Segment>();
        foreach (var path in System.IO.Directory.EnumerateFiles(directory).Where(Segment.IsSegmentFile).Order(StringComparer.Ordinal))
        {
            var segment = Segment.Recover(path, out var unreadable, out var tornBytes);
            if (tornBytes > 0)
            {
                LogTornLine(logger, name, path, tornBytes);
            }

            if (unreadable > 0)
            {
                LogUnreadableLines(logger, name, path, unreadable);
            }

            var last = segments.Count > 0 ? segments[^1].LastSeq : 0;
            if (segment.Entries.Count == 0 || segment.LastSeq <= state.AckedThrough || segment.Entries[0].Seq <= last)
            {
                // Empty, all acknowledged, or (never written so) out of order: nothing in it is to be sent.
                segment.Delete();
                continue;
            }

            segments.Add(segment);
        }

        var buffer = new DiskBuffer(directory, name, maxBytes, segmentBytes, logger, segments, state);
        LogOpened(logger, name, directory, buffer._pendingBatches, buffer._lastSeq + 1, state.DroppedBatches);
        return buffer;
    }

    /// <summary>
    /// Gives the next sequence number to <paramref name="serialize"/> and appends the JSON it returns (one line, no
    /// newline in it), synced to disk before this returns. Drops the oldest segments first if the buffer would
    /// overflow. A failed write (disk full) throws and uses up no number.
    /// </summary>
    public long Append(Func<long, byte[]> serialize)
    {
        lock (_lock)
        {
            var seq = _lastSeq + 1;
            var json = serialize(seq);
            var lineBytes = json.Length + 1L;
            MakeRoom(lineBytes);
            if (_active is null || (_active.Length > 0 && _active.Length + lineBytes > _segmentBytes))
            {
                _active?.CloseForAppending();
                _active = Segment.Create(_directory, seq);
                _segments.Add(_active);
            }

            _active.Append(seq, json);
            _lastSeq = seq;
            _fileBytes += lineBytes;
            _pendingBatches++;
            _pendingBytes += lineBytes;
            _pendingWaiter?.TrySetResult();
            _pendingWaiter = null;
            return seq;
        }
    }

    /// <summary>
    /// The oldest unacknowledged batches, in order: at most <paramref name="maxCount"/>, and no more than
    /// <paramref name="maxBytes"/> of JSON together (but always at least one when any waits).
    /// </summary>
    public IReadOnlyList<BufferedBatch> Peek(int maxCount, long maxBytes)
    {
        lock (_lock)
        {
            var batches = new List<BufferedBatch>();
            long bytes = 0;
            foreach (var segment in _segments)
            {
                if (segment.LastSeq <= _state.AckedThrough)
                {
                    continue;
                }

                using var file = segment.OpenForReading();
                foreach (var entry in segment.Entries)
                {
                    if (entry.Seq <= _state.AckedThrough)
                    {
                        continue;
                    }

                    if (batches.Count >= maxCount || (batches.Count > 0 && bytes + entry.Length > maxBytes))
                    {
                        return batches;
                    }

                    batches.Add(new BufferedBatch(entry.Seq, Segment.Read(file, entry)));
                    bytes += entry.Length;
                }
            }

            return batches;
        }
    }

    /// <summary>Records that every batch up to <paramref name="seq"/> was stored; deletes the segments that held only those.</summary>
    public void Acknowledge(long seq)
    {
        lock (_lock)
        {
            AcknowledgeLocked(seq, rejected: 0);
        }
    }

    /// <summary>Drops batch <paramref name="seq"/> (the oldest waiting) because no gateway will ever accept it; counted.</summary>
    public void Reject(long seq)
    {
        lock (_lock)
        {
            AcknowledgeLocked(seq, rejected: 1);
        }
    }

    /// <summary>Completes when at least one batch waits to be sent.</summary>
    public Task WaitForPendingAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_pendingBatches > 0)
            {
                return Task.CompletedTask;
            }

            _pendingWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _pendingWaiter.Task.WaitAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _active?.CloseForAppending();
        }
    }

    private void AcknowledgeLocked(long seq, int rejected)
    {
        seq = Math.Min(seq, _lastSeq);
        if (seq <= _state.AckedThrough)
        {
            return;
        }

        var acknowledged = _segments.SelectMany(s => s.Entries).Where(e => e.Seq > _state.AckedThrough && e.Seq <= seq).ToList();
        // The state first (a crash before the deletes leaves acknowledged lines the next start skips), and the counts
        // only once it is saved, so a failed save (disk full) changes nothing and the batches are simply sent again.
        var state = _state with { AckedThrough = seq, RejectedBatches = _state.RejectedBatches + rejected };
        state.Save(_directory);
        _state = state;
        _pendingBatches -= acknowledged.Count;
        _pendingBytes -= acknowledged.Sum(e => e.Length + 1L);
        while (_segments.Count > 0 && _segments[0] != _active && _segments[0].LastSeq <= seq)
        {
            RemoveOldest();
        }
    }

    /// <summary>Drops the oldest segments until <paramref name="lineBytes"/> more fit (never the one being appended to).</summary>
    private void MakeRoom(long lineBytes)
    {
        while (_fileBytes + lineBytes > _maxBytes && _segments.Count > 0 && _segments[0] != _active)
        {
            var oldest = _segments[0];
            var dropped = oldest.Entries.Where(e => e.Seq > _state.AckedThrough).ToList();
            // Recorded before the file goes, so the dropped numbers are never given out again even if it was the newest.
            var state = _state with { DroppedThrough = Math.Max(_state.DroppedThrough, oldest.LastSeq), DroppedBatches = _state.DroppedBatches + dropped.Count };
            state.Save(_directory);
            _state = state;
            _pendingBatches -= dropped.Count;
            _pendingBytes -= dropped.Sum(e => e.Length + 1L);
            RemoveOldest();
            if (dropped.Count > 0)
            {
                LogDropped(_logger, _name, dropped.Count, dropped[0].Seq, dropped[^1].Seq, _maxBytes, _state.DroppedBatches);
            }
        }
    }

    private void RemoveOldest()
    {
        var oldest = _segments[0];
        _segments.RemoveAt(0);
        _fileBytes -= oldest.Length;
        oldest.Delete();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Buffer of {Host}: the state file in {Directory} is unreadable; every buffered batch will be sent again (the silo acknowledges those it has as duplicates)")]
    private static partial void LogUnreadableState(ILogger logger, string host, string directory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Buffer of {Host}: {Path} ended in a torn line ({Bytes} bytes, written when the collector stopped mid-append); cut off, it was never sent")]
    private static partial void LogTornLine(ILogger logger, string host, string path, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Buffer of {Host}: skipped {Count} unreadable lines in {Path}")]
    private static partial void LogUnreadableLines(ILogger logger, string host, string path, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Buffer of {Host} in {Directory}: {Pending} batches waiting, next sequence number {NextSeq}, {Dropped} dropped so far")]
    private static partial void LogOpened(ILogger logger, string host, string directory, long pending, long nextSeq, long dropped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Buffer of {Host} is full ({MaxBytes} bytes): dropped the {Count} oldest unsent batches (seq {FirstSeq} to {LastSeq}); {Total} dropped so far")]
    private static partial void LogDropped(ILogger logger, string host, int count, long firstSeq, long lastSeq, long maxBytes, long total);
}
