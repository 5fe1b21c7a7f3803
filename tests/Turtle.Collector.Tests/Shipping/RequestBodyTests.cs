using System.IO.Compression;
using System.Text;
using Turtle.Collector.Buffering;
using Turtle.Collector.Shipping;

namespace Turtle.Collector.Tests.Shipping;

/// <summary>Request bodies: the buffered lines joined as they are, gzip-compressed.</summary>
public class RequestBodyTests
{
    [Fact]
    public void One_batch_is_sent_as_its_object()
    {
        var body = RequestBody.Gzip([Batch(7, "{\"seq\":7,\"host\":\"web-1\"}")]);

        Assert.Equal("{\"seq\":7,\"host\":\"web-1\"}", Gunzip(body));
    }

    [Fact]
    public void Several_batches_are_sent_as_an_array_of_their_bytes_unchanged()
    {
        var body = RequestBody.Gzip([Batch(1, "{\"seq\":1}"), Batch(2, "{\"seq\":2, \"x\" : 1.50}"), Batch(3, "{\"seq\":3}")]);

        Assert.Equal("[{\"seq\":1},{\"seq\":2, \"x\" : 1.50},{\"seq\":3}]", Gunzip(body));
    }

    [Fact]
    public void Repetitive_json_compresses()
    {
        var batches = Enumerable.Range(1, 50).Select(i => Batch(i, $"{{\"seq\":{i},\"metrics\":{{\"cpu\":{{\"percent\":12.5}},\"load\":{{\"one\":0.5}}}}}}")).ToList();
        var plain = batches.Sum(b => b.Json.Length) + 51;

        var body = RequestBody.Gzip(batches);

        Assert.True(body.Length < plain / 3, $"{body.Length} of {plain} bytes");
        Assert.Equal(plain, Encoding.UTF8.GetByteCount(Gunzip(body)));
    }

    private static BufferedBatch Batch(long seq, string json) => new(seq, Encoding.UTF8.GetBytes(json));

    private static string Gunzip(byte[] body)
    {
        using var gzip = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
