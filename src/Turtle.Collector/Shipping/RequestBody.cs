using System.IO.Compression;
using Turtle.Collector.Buffering;

namespace Turtle.Collector.Shipping;

/// <summary>
/// The body of one ingest request, gzip-compressed: one batch as an object, several as a JSON array. The buffered
/// lines are already the batches' JSON, so they are joined as they are, never parsed or serialized again.
/// </summary>
internal static class RequestBody
{
    public static byte[] Gzip(IReadOnlyList<BufferedBatch> batches)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            if (batches.Count == 1)
            {
                gzip.Write(batches[0].Json);
            }
            else
            {
                gzip.WriteByte((byte)'[');
                for (var i = 0; i < batches.Count; i++)
                {
                    if (i > 0)
                    {
                        gzip.WriteByte((byte)',');
                    }

                    gzip.Write(batches[i].Json);
                }

                gzip.WriteByte((byte)']');
            }
        }

        return output.ToArray();
    }
}
