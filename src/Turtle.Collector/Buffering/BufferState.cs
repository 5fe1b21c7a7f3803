using System.Text.Json;
using Turtle.Collector.Linux;

namespace Turtle.Collector.Buffering;

/// <summary>
/// The buffer's small state file: how far the gateways have acknowledged, and what the buffer threw away. With the
/// segments it also fixes the next sequence number: a restarted collector continues above every number in either, so
/// it never sends a number twice (the silo would take the new batch for a duplicate and drop it).
/// </summary>
/// <param name="AckedThrough">Every batch up to this sequence number is acknowledged (stored, or refused for good).</param>
/// <param name="DroppedThrough">The highest sequence number dropped unsent because the buffer was full.</param>
/// <param name="DroppedBatches">Batches dropped unsent because the buffer was full, since the buffer was created.</param>
/// <param name="RejectedBatches">Batches the gateways refused for good (400, 422, or 413 on its own) and so dropped.</param>
internal sealed record BufferState(long AckedThrough, long DroppedThrough, long DroppedBatches, long RejectedBatches)
{
    public const string FileName = "state.json";

    public static readonly BufferState Empty = new(0, 0, 0, 0);

    /// <summary>The state in <paramref name="directory"/>; <see cref="Empty"/> when there is none, null when it is unreadable.</summary>
    public static BufferState? Load(string directory)
    {
        var path = Path.Join(directory, FileName);
        if (!File.Exists(path))
        {
            return Empty;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), CollectorJson.Default.BufferState);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Writes the state so that a crash at any moment leaves either the old or the new one: a temporary file, synced,
    /// renamed over the old, and the directory synced so the rename itself survives.
    /// </summary>
    public void Save(string directory)
    {
        var path = Path.Join(directory, FileName);
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(file, this, CollectorJson.Default.BufferState);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        DirectorySync.TrySync(directory);
    }
}
