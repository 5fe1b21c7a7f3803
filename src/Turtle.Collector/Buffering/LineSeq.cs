using System.Text.Json;

namespace Turtle.Collector.Buffering;

/// <summary>Finds the top-level <c>seq</c> of one buffered JSON line without building the observation.</summary>
internal static class LineSeq
{
    private static ReadOnlySpan<byte> SeqName => "seq"u8;

    /// <summary>The line's sequence number; false when the line is not a whole JSON object with a positive integer <c>seq</c>.</summary>
    public static bool TryRead(ReadOnlySpan<byte> line, out long seq)
    {
        seq = 0;
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            long? found = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isSeq = reader.ValueTextEquals(SeqName);
                reader.Read();
                if (isSeq && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) && value > 0)
                {
                    found = value;
                }

                reader.Skip();
            }

            // Read to the end: a line cut short (a crash mid-write that still ended in a newline) is not a batch.
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read() || found is null)
            {
                return false;
            }

            seq = found.Value;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
