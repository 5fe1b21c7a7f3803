using System.Text;
using Turtle.Collector.Buffering;

namespace Turtle.Collector.Tests.Buffering;

/// <summary>The write-ahead buffer: order, numbering across restarts, crash recovery, the size cap and the shipper's view.</summary>
public sealed class DiskBufferTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Batches_are_numbered_from_one_and_peeked_oldest_first_with_their_json()
    {
        using var buffer = BatchJson.Open(_dir.Path);

        var seqs = Enumerable.Range(0, 5).Select(_ => buffer.AppendLine()).ToArray();

        Assert.Equal([1L, 2, 3, 4, 5], seqs);
        Assert.Equal(5, buffer.LastSeq);
        var batches = buffer.Peek(10, long.MaxValue);
        Assert.Equal(seqs, batches.Seqs());
        Assert.All(batches, b => Assert.Equal(BatchJson.Of(b.Seq), b.Json));
        Assert.Equal(new BufferDepth(5, batches.Sum(b => b.Json.Length + 1L), 0, 0), buffer.Depth);
    }

    [Fact]
    public void The_serializer_gets_the_number_the_batch_is_stored_under()
    {
        using var buffer = BatchJson.Open(_dir.Path);
        buffer.AppendLine();
        var given = new List<long>();

        var seq = buffer.Append(s =>
        {
            given.Add(s);
            return BatchJson.Of(s);
        });

        Assert.Equal([seq], given);
        Assert.Equal(seq, BatchJson.SeqIn(buffer.Peek(10, long.MaxValue)[^1].Json));
    }

    [Fact]
    public void Peek_does_not_consume_and_acknowledge_removes_everything_up_to_the_number()
    {
        using var buffer = BatchJson.Open(_dir.Path);
        for (var i = 0; i < 6; i++)
        {
            buffer.AppendLine();
        }

        Assert.Equal(buffer.Peek(3, long.MaxValue).Seqs(), buffer.Peek(3, long.MaxValue).Seqs());

        buffer.Acknowledge(4);

        Assert.Equal([5L, 6], buffer.PendingSeqs());
        Assert.Equal(2, buffer.Depth.Batches);
        Assert.Equal(2 * (BatchJson.Of(5).Length + 1L), buffer.Depth.Bytes);
    }

    [Fact]
    public void Acknowledging_an_older_number_again_changes_nothing_and_a_number_beyond_the_last_stops_at_the_last()
    {
        using var buffer = BatchJson.Open(_dir.Path);
        for (var i = 0; i < 4; i++)
        {
            buffer.AppendLine();
        }

        buffer.Acknowledge(3);
        buffer.Acknowledge(1);
        Assert.Equal([4L], buffer.PendingSeqs());

        buffer.Acknowledge(1000);
        Assert.Empty(buffer.PendingSeqs());
        Assert.Equal(new BufferDepth(0, 0, 0, 0), buffer.Depth);

        // The next batch still waits: acknowledging ahead did not pre-acknowledge numbers not yet given out.
        var next = buffer.AppendLine();
        Assert.Equal(5, next);
        Assert.Equal([5L], buffer.PendingSeqs());
    }

    [Theory]
    [InlineData(3, 1000, 3)] // the count limits
    [InlineData(100, 100, 1)] // at least one, even when it alone is over the byte limit
    [InlineData(100, 0, 1)]
    public void Peek_takes_at_most_max_count_and_always_at_least_one(int maxCount, long maxBytes, int expected)
    {
        using var buffer = BatchJson.Open(_dir.Path);
        for (var i = 0; i < 10; i++)
        {
            buffer.AppendLine(200);
        }

        Assert.Equal(Enumerable.Range(1, expected).Select(i => (long)i), buffer.Peek(maxCount, maxBytes).Seqs());
    }

    [Theory]
    [InlineData(50, 1)] // one alone is over: still one
    [InlineData(100, 1)]
    [InlineData(199, 1)]
    [InlineData(200, 2)] // only the JSON counts, not the newlines
    [InlineData(299, 2)]
    [InlineData(300, 3)]
    public void Peek_stops_before_the_batch_that_would_pass_max_bytes(long maxBytes, int expected)
    {
        const int Length = 100;
        using var buffer = BatchJson.Open(_dir.Path);
        for (var i = 0; i < 10; i++)
        {
            buffer.AppendLine(Length);
        }

        var batches = buffer.Peek(100, maxBytes);

        Assert.Equal(Enumerable.Range(1, expected).Select(i => (long)i), batches.Seqs());
        Assert.All(batches, b => Assert.Equal(Length, b.Json.Length));
    }

    [Fact]
    public void Peek_of_an_empty_buffer_is_empty()
    {
        using var buffer = BatchJson.Open(_dir.Path);

        Assert.Empty(buffer.Peek(10, long.MaxValue));
        Assert.Equal(0, buffer.LastSeq);
    }

    [Fact]
    public void Reject_drops_the_oldest_batch_and_counts_it()
    {
        using var buffer = BatchJson.Open(_dir.Path);
        for (var i = 0; i < 3; i++)
        {
            buffer.AppendLine();
        }

        buffer.Reject(1);

        Assert.Equal([2L, 3], buffer.PendingSeqs());
        Assert.Equal(1, buffer.Depth.RejectedBatches);
        Assert.Equal(0, buffer.Depth.DroppedBatches);

        buffer.Acknowledge(2);
        Assert.Equal(1, buffer.Depth.RejectedBatches); // acknowledging is not rejecting
    }

    [Fact]
    public void Rejected_count_survives_a_restart()
    {
        using (var buffer = BatchJson.Open(_dir.Path))
        {
            buffer.AppendLine();
            buffer.AppendLine();
            buffer.Reject(1);
            buffer.Reject(2);
        }

        using var reopened = BatchJson.Open(_dir.Path);
        Assert.Equal(2, reopened.Depth.RejectedBatches);
        Assert.Empty(reopened.PendingSeqs());
    }

    [Fact]
    public void Numbering_continues_after_a_restart_and_unacknowledged_batches_are_still_there()
    {
        using (var buffer = BatchJson.Open(_dir.Path))
        {
            for (var i = 0; i < 5; i++)
            {
                buffer.AppendLine();
            }

            buffer.Acknowledge(2);
        }

        using var reopened = BatchJson.Open(_dir.Path);

        Assert.Equal(5, reopened.LastSeq);
        Assert.Equal([3L, 4, 5], reopened.PendingSeqs()); // the acknowledged ones are not peeked again
        Assert.Equal(3, reopened.Depth.Batches);
        Assert.Equal(6, reopened.AppendLine());
        Assert.Equal([3L, 4, 5, 6], reopened.PendingSeqs());
        Assert.All(reopened.Peek(10, long.MaxValue), b => Assert.Equal(BatchJson.Of(b.Seq), b.Json));
    }

    [Fact]
    public void Numbering_continues_after_a_restart_when_everything_was_acknowledged_and_the_segments_deleted()
    {
        using (var buffer = BatchJson.Open(_dir.Path))
        {
            for (var i = 0; i < 7; i++)
            {
                buffer.AppendLine();
            }

            buffer.Acknowledge(7);
        }

        using (var reopened = BatchJson.Open(_dir.Path))
        {
            Assert.Empty(SegmentFiles()); // fully acknowledged: deleted on opening
            Assert.Empty(reopened.PendingSeqs());
            Assert.Equal(7, reopened.LastSeq);
            Assert.Equal(8, reopened.AppendLine());
            reopened.Acknowledge(8);
        }

        // And again, with nothing but the state file left.
        using var third = BatchJson.Open(_dir.Path);
        Assert.Equal(9, third.AppendLine());
    }

    [Fact]
    public void Numbering_continues_above_what_was_dropped_even_with_no_segment_left()
    {
        // What a crash between recording a drop and appending the next line leaves: the state, no segment.
        new BufferState(AckedThrough: 3, DroppedThrough: 10, DroppedBatches: 7, RejectedBatches: 0).Save(_dir.Path);

        using var buffer = BatchJson.Open(_dir.Path);

        Assert.Equal(10, buffer.LastSeq);
        Assert.Equal(11, buffer.AppendLine());
        Assert.Equal(7, buffer.Depth.DroppedBatches);
    }

    [Fact]
    public void A_torn_last_line_is_cut_off_on_reopening_and_the_lines_before_it_survive()
    {
        using (var buffer = BatchJson.Open(_dir.Path))
        {
            for (var i = 0; i < 3; i++)
            {
                buffer.AppendLine();
            }
        }

        // kill -9 in the middle of the fourth append: part of its line, no newline.
        var segment = Assert.Single(SegmentFiles());
        var intact = new FileInfo(segment).Length;
        using (var file = new FileStream(segment, FileMode.Append))
        {
            file.Write(BatchJson.Of(4).AsSpan(0, 7));
        }

        using var reopened = BatchJson.Open(_dir.Path);

        Assert.Equal([1L, 2, 3], reopened.PendingSeqs());
        Assert.Equal(intact, new FileInfo(segment).Length); // cut back to the last whole line
        Assert.Equal(3, reopened.LastSeq);
        Assert.Equal(4, reopened.AppendLine()); // the torn line was never sent, so its number is free
        Assert.Equal([1L, 2, 3, 4], reopened.PendingSeqs());
        Assert.All(reopened.Peek(10, long.MaxValue), b => Assert.Equal(BatchJson.Of(b.Seq), b.Json));
    }

    [Fact]
    public void A_segment_holding_only_a_torn_line_is_removed_and_its_number_given_again()
    {
        using (var buffer = BatchJson.Open(_dir.Path))
        {
            buffer.AppendLine();
            buffer.Acknowledge(1);
        }

        File.WriteAllBytes(Path.Join(_dir.Path, "segment-0000000000000000002.jsonl"), BatchJson.Of(2).AsSpan(0, 5).ToArray());

        using var reopened = BatchJson.Open(_dir.Path);

        Assert.Empty(reopened.PendingSeqs());
        Assert.Equal(2, reopened.AppendLine());
        Assert.Equal([2L], reopened.PendingSeqs());
    }

    [Theory]
    [InlineData("")] // an empty file
    [InlineData("{\"ackedThrough\":")] // a half-written one
    [InlineData("not json at all")]
    [InlineData("null")]
    [InlineData("{\"ackedThrough\":\"three\"}")]
    public void An_unreadable_state_file_makes_every_buffered_batch_be_sent_again(string state)
    {
        using (var buffer = BatchJson.Open(_dir.Path))
        {
            for (var i = 0; i < 5; i++)
            {
                buffer.AppendLine();
            }

            buffer.Acknowledge(3);
        }

        File.WriteAllText(Path.Join(_dir.Path, BufferState.FileName), state);

        using var reopened = BatchJson.Open(_dir.Path);

        // Not lost: all that is still on disk waits again (the silo acknowledges 1-3 as duplicates).
        Assert.Equal([1L, 2, 3, 4, 5], reopened.PendingSeqs());
        Assert.Equal(5, reopened.LastSeq);
        Assert.Equal(6, reopened.AppendLine());
    }

    [Fact]
    public void A_leftover_temporary_state_file_is_ignored_and_removed()
    {
        using (var buffer = BatchJson.Open(_dir.Path))
        {
            buffer.AppendLine();
            buffer.AppendLine();
            buffer.Acknowledge(1);
        }

        var temporary = Path.Join(_dir.Path, BufferState.FileName + ".tmp");
        File.WriteAllText(temporary, "{\"ackedThrough\":2,\"droppedThrough\":0,\"droppedBatches\":0,\"rejectedBatches\":0}");

        using var reopened = BatchJson.Open(_dir.Path);

        Assert.False(File.Exists(temporary));
        Assert.Equal([2L], reopened.PendingSeqs()); // the old state stands
    }

    [Fact]
    public void The_size_cap_drops_the_oldest_whole_segments_counts_them_and_never_reuses_their_numbers()
    {
        // 16 KiB cap (the least allowed), 4 KiB segments; lines of Line bytes with their newline.
        const long MaxBytes = 16 * 1024;
        const long SegmentBytes = 4 * 1024;
        const int Line = 1000;
        var perSegment = (int)(SegmentBytes / Line); // 4
        var segmentsThatFit = (int)(MaxBytes / (perSegment * Line)); // 4
        var fit = perSegment * segmentsThatFit; // 16 lines before the first drop
        using var buffer = BatchJson.Open(_dir.Path, MaxBytes, SegmentBytes);

        for (var i = 0; i < fit; i++)
        {
            buffer.AppendLine(Line - 1);
        }

        Assert.Equal(0, buffer.Depth.DroppedBatches);
        Assert.Equal(segmentsThatFit, SegmentFiles().Length);

        buffer.AppendLine(Line - 1); // one more: the oldest segment goes, whole

        Assert.Equal(perSegment, buffer.Depth.DroppedBatches);
        Assert.Equal(Enumerable.Range(perSegment + 1, fit - perSegment + 1).Select(i => (long)i), buffer.PendingSeqs());
        Assert.Equal(fit - perSegment + 1, buffer.Depth.Batches);
        Assert.True(SegmentFiles().Sum(f => new FileInfo(f).Length) <= MaxBytes);

        for (var i = 0; i < perSegment; i++)
        {
            buffer.AppendLine(Line - 1);
        }

        Assert.Equal(2 * perSegment, buffer.Depth.DroppedBatches);
        Assert.Equal((2 * perSegment) + 1, buffer.PendingSeqs()[0]);
        Assert.True(SegmentFiles().Sum(f => new FileInfo(f).Length) <= MaxBytes);

        var last = buffer.LastSeq;
        Assert.Equal(fit + 1 + perSegment, last);
        buffer.Dispose();

        using var reopened = BatchJson.Open(_dir.Path, MaxBytes, SegmentBytes);
        Assert.Equal(2 * perSegment, reopened.Depth.DroppedBatches);
        Assert.Equal(last + 1, reopened.AppendLine());
        Assert.DoesNotContain(reopened.PendingSeqs(), s => s <= 2 * perSegment);
    }

    [Fact]
    public void Dropped_counts_only_the_batches_of_the_segment_not_yet_acknowledged()
    {
        const int Line = 1000;
        using var buffer = BatchJson.Open(_dir.Path, 16 * 1024, 4 * 1024);
        for (var i = 0; i < 16; i++)
        {
            buffer.AppendLine(Line - 1);
        }

        buffer.Acknowledge(1); // the first segment (1-4) is still on disk, 2-4 wait

        buffer.AppendLine(Line - 1);

        Assert.Equal(3, buffer.Depth.DroppedBatches);
        Assert.Equal(5, buffer.PendingSeqs()[0]);
    }

    [Fact]
    public void Acknowledged_segments_are_deleted_while_running_but_not_the_one_being_appended_to()
    {
        using var buffer = BatchJson.Open(_dir.Path, 16 * 1024, 4 * 1024);
        for (var i = 0; i < 10; i++)
        {
            buffer.AppendLine(999); // four per segment: 1-4, 5-8, 9-10
        }

        Assert.Equal(3, SegmentFiles().Length);

        buffer.Acknowledge(5);
        Assert.Equal(2, SegmentFiles().Length); // 1-4 gone; 5-8 still holds 6-8

        buffer.Acknowledge(10);
        var active = Assert.Single(SegmentFiles()); // 9-10, still appended to
        Assert.Equal(11, buffer.AppendLine(999));
        Assert.Equal([11L], buffer.PendingSeqs());
        Assert.Contains(active, SegmentFiles());
    }

    [Fact]
    public void Unreadable_lines_in_a_segment_are_skipped_and_the_rest_kept()
    {
        using (var buffer = BatchJson.Open(_dir.Path))
        {
            buffer.AppendLine();
        }

        var segment = Assert.Single(SegmentFiles());
        File.AppendAllText(segment, "garbage\n{\"seq\":1}\n" + Encoding.UTF8.GetString(BatchJson.Of(2)) + "\n");

        using var reopened = BatchJson.Open(_dir.Path);

        // "garbage" is no batch and the second seq 1 does not increase: both skipped.
        Assert.Equal([1L, 2], reopened.PendingSeqs());
        Assert.Equal(3, reopened.AppendLine());
    }

    [Fact]
    public async Task Waiting_for_pending_completes_at_once_when_a_batch_waits_and_on_the_next_append_otherwise()
    {
        using var buffer = BatchJson.Open(_dir.Path);

        var waiting = buffer.WaitForPendingAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        buffer.AppendLine();
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(buffer.WaitForPendingAsync(CancellationToken.None).IsCompleted);

        buffer.Acknowledge(1);
        Assert.False(buffer.WaitForPendingAsync(CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task Waiting_for_pending_ends_when_cancelled()
    {
        using var buffer = BatchJson.Open(_dir.Path);
        using var cancel = new CancellationTokenSource();

        var waiting = buffer.WaitForPendingAsync(cancel.Token);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task An_appending_thread_and_a_shipping_thread_lose_nothing_and_keep_the_order()
    {
        const int Count = 2000;
        using var buffer = BatchJson.Open(_dir.Path, 4 * 1024 * 1024, 64 * 1024);
        var shipped = new List<long>();

        var appender = Task.Run(() =>
        {
            for (var i = 0; i < Count; i++)
            {
                buffer.AppendLine(60);
            }
        });
        var shipper = Task.Run(async () =>
        {
            while (shipped.Count < Count)
            {
                await buffer.WaitForPendingAsync(CancellationToken.None);
                var batches = buffer.Peek(7, long.MaxValue);
                shipped.AddRange(batches.Select(b => BatchJson.SeqIn(b.Json)));
                buffer.Acknowledge(batches[^1].Seq);
            }
        });

        await Task.WhenAll(appender, shipper).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(Enumerable.Range(1, Count).Select(i => (long)i), shipped);
        Assert.Equal(new BufferDepth(0, 0, 0, 0), buffer.Depth);
    }

    [Fact]
    public void The_cap_is_refused_below_four_of_the_smallest_segments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BatchJson.Open(_dir.Path, maxBytes: (16 * 1024) - 1));
    }

    private string[] SegmentFiles() => Directory.GetFiles(_dir.Path, "segment-*.jsonl");
}
