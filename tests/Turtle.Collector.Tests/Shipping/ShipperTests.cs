using System.Net;
using Microsoft.Extensions.Logging;
using Turtle.Collector.Buffering;
using Turtle.Collector.Shipping;
using Turtle.Collector.Tests.Buffering;

namespace Turtle.Collector.Tests.Shipping;

/// <summary>
/// The shipper against gateways in memory and a real buffer in a temporary directory, on a manual clock: a back-off
/// wait never ends unless the test moves the clock, so a test that finishes without moving it proves there was none.
/// </summary>
public sealed class ShipperTests : IDisposable
{
    private const string A = "a:5080";
    private const string B = "b:5080";
    private const string C = "c:5080";

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30); // a real-time bound on a test gone wrong, never waited out when it passes

    private readonly TempDirectory _dir = new();
    private readonly DiskBuffer _buffer;
    private readonly FakeGateways _gateways = new();
    private readonly HttpClient _http;
    private readonly RecordingTime _time = new();
    private readonly RecordingLogger _log = new();

    public ShipperTests()
    {
        _buffer = BatchJson.Open(_dir.Path);
        _http = new HttpClient(_gateways) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public void Dispose()
    {
        _http.Dispose();
        _buffer.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Batches_go_oldest_first_at_most_batches_per_request_a_json_array_when_several()
    {
        Append(7);
        var shipper = Shipper([A], batchesPerRequest: 3);

        for (var i = 0; i < 3; i++)
        {
            await Ship(shipper);
        }

        var requests = _gateways.Requests;
        Assert.Equal([[1L, 2, 3], [4L, 5, 6], [7L]], requests.Select(r => r.Seqs));
        Assert.Equal([true, true, false], requests.Select(r => r.IsArray));
        Assert.All(requests, r =>
        {
            Assert.Equal(HttpMethod.Post, r.Method);
            Assert.Equal(FakeGateways.Endpoint(A), r.Uri);
            Assert.Equal("application/json", r.ContentType);
            Assert.Equal("gzip", r.ContentEncoding);
        });
        Assert.Equal(new BufferDepth(0, 0, 0, 0), _buffer.Depth);
        Assert.Equal(0, _time.GetTimestamp());
    }

    [Fact]
    public async Task Nothing_waiting_sends_nothing()
    {
        await Ship(Shipper([A]));

        Assert.Empty(_gateways.Requests);
    }

    [Fact]
    public async Task A_request_carries_no_more_json_than_max_request_bytes_brackets_and_commas_included()
    {
        const int MaxRequestBytes = 1000;
        for (var i = 0; i < 10; i++)
        {
            _buffer.AppendLine(300);
        }

        var shipper = Shipper([A], options: new ShipperOptions { MaxRequestBytes = MaxRequestBytes, BatchesPerRequest = 50 });
        while (_buffer.Depth.Batches > 0 && _gateways.Requests.Count < 20)
        {
            await Ship(shipper);
        }

        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), _gateways.Requests.SelectMany(r => r.Seqs));
        Assert.All(_gateways.Requests, r => Assert.True(r.BodyBytes <= MaxRequestBytes, $"{r.BodyBytes} bytes"));
        Assert.Equal(MaxRequestBytes / 300, _gateways.Requests[0].Seqs.Length); // and as many as fit
    }

    [Theory]
    [InlineData(HttpStatusCode.OK)]
    [InlineData(HttpStatusCode.Created)]
    [InlineData(HttpStatusCode.Accepted)]
    [InlineData(HttpStatusCode.NoContent)]
    public async Task A_success_status_acknowledges_the_batches_sent(HttpStatusCode status)
    {
        Append(3);
        _gateways.Status(A, status, status == HttpStatusCode.NoContent ? "" : "[]");

        await Ship(Shipper([A], batchesPerRequest: 2));

        Assert.Equal([3L], _buffer.PendingSeqs());
    }

    [Theory]
    [InlineData(HttpStatusCode.Conflict)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.Found)]
    public async Task Any_other_status_acknowledges_nothing_and_with_no_other_gateway_waits(HttpStatusCode status)
    {
        Append(3);
        _gateways.Status(A, status, FakeGateways.Problem("Not now", "try later"));
        var backoff = _time.NextTimer(t => t != RequestTimeout);
        using var stop = new CancellationTokenSource();

        var shipping = Shipper([A]).ShipOnceAsync(stop.Token);
        await backoff.WaitAsync(Guard);

        Assert.False(shipping.IsCompleted);
        Assert.Equal([1L, 2, 3], _buffer.PendingSeqs());
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => shipping.WaitAsync(Guard));
        Assert.Equal([1L, 2, 3], _buffer.PendingSeqs());
    }

    [Fact]
    public async Task A_read_only_observer_409_moves_to_the_next_gateway_at_once_and_the_shipper_sticks_to_the_one_that_accepted()
    {
        _gateways.Status(A, HttpStatusCode.Conflict, FakeGateways.Problem("Read-only observer", "this silo does not take observations"));
        var shipper = Shipper([A, B, C]);

        Append(1);
        await Ship(shipper);

        Assert.Equal([A, B], _gateways.Order);
        Assert.Empty(_buffer.PendingSeqs());
        Assert.All(_time.Timers, t => Assert.Equal(RequestTimeout, t)); // request timeouts only: no back-off wait
        Assert.Equal(0, _time.GetTimestamp());

        Append(1);
        await Ship(shipper);
        Append(1);
        await Ship(shipper);

        Assert.Equal([A, B, B, B], _gateways.Order);
        Assert.Empty(_buffer.PendingSeqs());

        // When the one it sticks to fails, the next in order is tried, not the first again.
        _gateways.Status(B, HttpStatusCode.ServiceUnavailable);
        Append(1);
        await Ship(shipper);

        Assert.Equal([A, B, B, B, B, C], _gateways.Order);
        Assert.Empty(_buffer.PendingSeqs());
        Assert.Equal(0, _time.GetTimestamp());
    }

    public static TheoryData<string> Failures => ["503", "500", "refused", "timeout"];

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_gateway_that_fails_is_left_for_the_next_without_waiting(string failure)
    {
        switch (failure)
        {
            case "refused":
                _gateways.Refuse(A);
                break;
            case "timeout":
                _gateways.Hang(A);
                break;
            default:
                _gateways.Status(A, (HttpStatusCode)int.Parse(failure, System.Globalization.CultureInfo.InvariantCulture), "{\"title\":\"down\"}");
                break;
        }

        Append(2);
        var firstRequest = _gateways.Request(1);

        var shipping = Shipper([A, B]).ShipOnceAsync(CancellationToken.None);
        if (failure == "timeout")
        {
            await firstRequest.WaitAsync(Guard);
            Assert.False(shipping.IsCompleted); // A holds it until its request times out
            _time.Advance(RequestTimeout);
        }

        await shipping.WaitAsync(Guard);

        Assert.Equal([A, B], _gateways.Order);
        Assert.Equal([[1L, 2], [1L, 2]], _gateways.Requests.Select(r => r.Seqs));
        Assert.Empty(_buffer.PendingSeqs());
        Assert.All(_time.Timers, t => Assert.Equal(RequestTimeout, t));
        Assert.Equal(failure == "timeout" ? RequestTimeout : TimeSpan.Zero, _time.Clock.GetElapsedTime(0));
    }

    [Fact]
    public async Task When_every_gateway_fails_it_waits_a_growing_back_off_and_acknowledges_nothing()
    {
        _gateways.Status(A, HttpStatusCode.ServiceUnavailable).Refuse(B);
        Append(2);
        var shipper = Shipper([A, B]);

        // Round 1: both tried, then a wait of half the initial 1 s to all of it.
        var (shipping, wait) = await StartFailingRound(shipper);
        Assert.InRange(wait, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
        Assert.Equal([A, B], _gateways.Order);
        Assert.Equal([1L, 2], _buffer.PendingSeqs());

        _time.Advance(wait - TimeSpan.FromTicks(1));
        Assert.False(shipping.IsCompleted);
        _time.Advance(TimeSpan.FromTicks(1));
        await shipping.WaitAsync(Guard);
        Assert.Equal([1L, 2], _buffer.PendingSeqs());

        // Round 2: from the first again, and the ceiling doubled.
        (shipping, wait) = await StartFailingRound(shipper);
        Assert.InRange(wait, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        Assert.Equal([A, B, A, B], _gateways.Order);
        _time.Advance(wait);
        await shipping.WaitAsync(Guard);

        (shipping, wait) = await StartFailingRound(shipper);
        Assert.InRange(wait, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4));
        _time.Advance(wait);
        await shipping.WaitAsync(Guard);
        Assert.Equal([1L, 2], _buffer.PendingSeqs());
        Assert.Single(_log.At(LogLevel.Warning)); // the outage is warned about once, not every round

        // A recovers: acknowledged, and the back-off starts over.
        _gateways.Accept(A);
        await Ship(shipper);
        Assert.Empty(_buffer.PendingSeqs());
        Assert.Contains(_log.At(LogLevel.Information), m => m.Contains("accepts batches again", StringComparison.Ordinal));

        _gateways.Status(A, HttpStatusCode.ServiceUnavailable);
        Append(1);
        (shipping, wait) = await StartFailingRound(shipper);
        Assert.InRange(wait, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
        _time.Advance(wait);
        await shipping.WaitAsync(Guard);
    }

    [Fact]
    public async Task The_back_off_stops_growing_at_its_maximum()
    {
        _gateways.Status(A, HttpStatusCode.ServiceUnavailable);
        Append(1);
        var shipper = Shipper([A], options: new ShipperOptions { BackoffInitialSeconds = 1, BackoffMaxSeconds = 3 });

        var waits = new List<TimeSpan>();
        for (var i = 0; i < 6; i++)
        {
            var (shipping, wait) = await StartFailingRound(shipper);
            waits.Add(wait);
            _time.Advance(wait);
            await shipping.WaitAsync(Guard);
        }

        Assert.All(waits.Skip(2), w => Assert.InRange(w, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(3)));
        Assert.Equal([1L], _buffer.PendingSeqs());
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.UnprocessableEntity)]
    public async Task A_refused_request_of_several_batches_is_sent_one_at_a_time_and_only_the_bad_batch_dropped(HttpStatusCode refusal)
    {
        const long Bad = 3;
        _gateways.Answer(A, r => r.Seqs.Contains(Bad)
            ? FakeGateways.Respond(refusal, FakeGateways.Problem("Invalid observation", $"seq {Bad} is bad"))
            : FakeGateways.Acknowledge(r));
        Append(5);
        var shipper = Shipper([A], batchesPerRequest: 10);

        await ShipAll(shipper);

        Assert.Equal([[1L, 2, 3, 4, 5], [1L], [2L], [3L], [4L], [5L]], _gateways.Requests.Select(r => r.Seqs));
        Assert.Equal(1, _buffer.Depth.RejectedBatches);
        Assert.Equal(0, _buffer.Depth.DroppedBatches);
        Assert.Equal(0, _time.GetTimestamp()); // a refusal is no outage: no waiting
        Assert.Contains(_log.At(LogLevel.Warning), m => m.Contains("seq 3", StringComparison.Ordinal) && m.Contains("seq 3 is bad", StringComparison.Ordinal));

        // The isolation ends with the refused request's batches: later ones go together again.
        Append(3);
        await ShipAll(shipper);
        Assert.Equal([6L, 7, 8], _gateways.Requests[^1].Seqs);
        Assert.Empty(_buffer.PendingSeqs());
    }

    [Fact]
    public async Task A_refused_single_batch_is_dropped_at_once_and_the_next_goes_on()
    {
        _gateways.Answer(A, r => r.Seqs.Contains(1) ? FakeGateways.Respond(HttpStatusCode.BadRequest, FakeGateways.Problem("Invalid", "bad")) : FakeGateways.Acknowledge(r));
        Append(1);
        var shipper = Shipper([A]);

        await Ship(shipper);

        Assert.Single(_gateways.Requests);
        Assert.Empty(_buffer.PendingSeqs());
        Assert.Equal(1, _buffer.Depth.RejectedBatches);

        Append(2);
        await Ship(shipper);
        Assert.Equal([2L, 3], _gateways.Requests[^1].Seqs);
        Assert.Equal(1, _buffer.Depth.RejectedBatches);
    }

    [Fact]
    public async Task A_refusal_is_not_taken_for_an_unavailable_gateway()
    {
        // B refuses for good; trying C would not help, since every gateway applies the same rules.
        _gateways.Status(A, HttpStatusCode.ServiceUnavailable).Status(B, HttpStatusCode.UnprocessableEntity, FakeGateways.Problem("Invalid", "bad"));
        Append(1);

        await Ship(Shipper([A, B, C]));

        Assert.Equal([A, B], _gateways.Order);
        Assert.Equal(1, _buffer.Depth.RejectedBatches);
    }

    [Fact]
    public async Task Too_large_halves_the_batches_per_request_and_the_limit_returns_once_the_backlog_is_sent()
    {
        const int MostThatPass = 2;
        _gateways.Answer(A, r => r.Seqs.Length > MostThatPass ? FakeGateways.Respond(HttpStatusCode.RequestEntityTooLarge, "{\"title\":\"Too large\"}") : FakeGateways.Acknowledge(r));
        Append(8);
        var shipper = Shipper([A], batchesPerRequest: 8);

        await ShipAll(shipper);

        Assert.Equal([8, 4, 2, 2, 2, 2], _gateways.Requests.Select(r => r.Seqs.Length));
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), _gateways.Requests.Skip(2).SelectMany(r => r.Seqs));
        Assert.Equal(0, _buffer.Depth.RejectedBatches);
        Assert.Equal(8, shipper.BatchLimit);
        Assert.Equal(0, _time.GetTimestamp());
    }

    [Fact]
    public async Task Too_large_for_a_single_batch_drops_that_batch()
    {
        _gateways.Answer(A, r => r.Seqs.Contains(2) ? FakeGateways.Respond(HttpStatusCode.RequestEntityTooLarge) : FakeGateways.Acknowledge(r));
        Append(3);
        var shipper = Shipper([A], batchesPerRequest: 1);

        await ShipAll(shipper);

        Assert.Equal([[1L], [2L], [3L]], _gateways.Requests.Select(r => r.Seqs));
        Assert.Equal(1, _buffer.Depth.RejectedBatches);
        Assert.Empty(_buffer.PendingSeqs());
    }

    [Fact]
    public async Task Duplicates_are_counted_from_the_answer_and_still_acknowledged()
    {
        _gateways.Accept(A, duplicates: [1, 2]);
        Append(3);

        await Ship(Shipper([A]));

        Assert.Empty(_buffer.PendingSeqs());
        var message = Assert.Single(_log.At(LogLevel.Information), m => m.Contains("already had", StringComparison.Ordinal));
        Assert.Contains("already had 2 of 3 batches (seq 1 to 3)", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_duplicate_in_the_answer_logs_none()
    {
        Append(3);

        await Ship(Shipper([A]));

        Assert.DoesNotContain(_log.Entries, e => e.Message.Contains("already had", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Running_ships_each_batch_as_it_is_appended_until_cancelled()
    {
        Append(3);
        using var stop = new CancellationTokenSource();
        var shipper = Shipper([A], batchesPerRequest: 2);

        var running = shipper.RunAsync(stop.Token);
        await _gateways.Request(2).WaitAsync(Guard);
        Append(1);

        // Seq 4 goes alone: 1-3 were acknowledged and are not sent again.
        var third = await _gateways.Request(3).WaitAsync(Guard);
        Assert.Equal([4L], third.Seqs);
        Assert.Equal([[1L, 2], [3L], [4L]], _gateways.Requests.Select(r => r.Seqs));

        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(Guard));
        Assert.Equal(3, _gateways.Requests.Count);
    }

    [Fact]
    public void A_shipper_needs_a_gateway()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Shipper([]));
    }

    private Shipper Shipper(string[] gateways, int batchesPerRequest = ShipperOptions.DefaultBatchesPerRequest, ShipperOptions? options = null)
    {
        options ??= new ShipperOptions { BatchesPerRequest = batchesPerRequest, BackoffInitialSeconds = 1, BackoffMaxSeconds = 8 };
        var client = new GatewayClient(_http, RequestTimeout, _time);
        return new Shipper(_buffer, client, gateways.Select(FakeGateways.Endpoint).ToList(), options, "dc1/web-1", _time, _log, random: new Random(7));
    }

    private void Append(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _buffer.AppendLine();
        }
    }

    /// <summary>One call; it must end without the clock moving (a back-off wait would hold it until the guard).</summary>
    private static Task Ship(Shipper shipper) => shipper.ShipOnceAsync(CancellationToken.None).WaitAsync(Guard);

    /// <summary>Ships until the buffer is empty (bounded: a shipper that loops would otherwise never end).</summary>
    private async Task ShipAll(Shipper shipper)
    {
        for (var i = 0; i < 50 && _buffer.Depth.Batches > 0; i++)
        {
            await Ship(shipper);
        }

        Assert.Equal(0, _buffer.Depth.Batches);
    }

    /// <summary>Starts a call that is to fail on every gateway; returns it with the back-off wait it started.</summary>
    private async Task<(Task Shipping, TimeSpan Wait)> StartFailingRound(Shipper shipper)
    {
        var backoff = _time.NextTimer(t => t != RequestTimeout);
        var shipping = shipper.ShipOnceAsync(CancellationToken.None);
        var wait = await backoff.WaitAsync(Guard);
        Assert.False(shipping.IsCompleted);
        return (shipping, wait);
    }
}
