using System.Text.Json;

namespace Turtle.Collector.Tests.EndToEnd;

/// <summary>Reads a running collector's buffer folder from outside, as an operator would look into it.</summary>
internal static class BufferFiles
{
    /// <summary>The state file's <c>ackedThrough</c>: every batch up to it was acknowledged; 0 before the first.</summary>
    public static long AcknowledgedThrough(string folder)
    {
        var path = Path.Join(folder, "state.json");
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(path));
            return json.RootElement.GetProperty("ackedThrough").GetInt64();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or JsonException or IOException)
        {
            return 0; // not written yet, or being replaced this instant
        }
    }

    /// <summary>Complete lines in the segments above the acknowledged number.</summary>
    public static int Unacknowledged(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var acknowledged = AcknowledgedThrough(folder);
        var count = 0;
        foreach (var segment in Directory.EnumerateFiles(folder, "segment-*.jsonl"))
        {
            try
            {
                foreach (var line in File.ReadLines(segment).Where(l => l.EndsWith('}')))
                {
                    using var json = JsonDocument.Parse(line);
                    count += json.RootElement.GetProperty("seq").GetInt64() > acknowledged ? 1 : 0;
                }
            }
            catch (Exception e) when (e is FileNotFoundException or IOException or JsonException)
            {
                // deleted or being appended to this instant: read again next time
            }
        }

        return count;
    }
}
