using Microsoft.Win32.SafeHandles;
using Turtle.Collector.Linux;

namespace Turtle.Collector.Buffering;

/// <summary>
/// One append-only segment file of the buffer: observations as JSON lines, named after the first sequence number it
/// was created for, so the file names sort oldest first. Every append is synced to disk before it returns. The
/// buffer drops whole segments when it is full and deletes them once every line in them is acknowledged.
/// </summary>
internal sealed class Segment : IDisposable
{
    private const string Prefix = "segment-";
    private const string Suffix = ".jsonl";

    private static readonly ReadOnlyMemory<byte> Newline = new[] { (byte)'\n' };

    private readonly List<SegmentEntry> _entries;
    private SafeFileHandle? _writer;

    private Segment(string path, List<SegmentEntry> entries, long length)
    {
        FilePath = path;
        _entries = entries;
        Length = length;
    }

    public string FilePath { get; }

    /// <summary>Bytes in the file, newlines included.</summary>
    public long Length { get; private set; }

    /// <summary>The lines in the file, in sequence order.</summary>
    public IReadOnlyList<SegmentEntry> Entries => _entries;

    /// <summary>The last line's sequence number; 0 when the segment is empty.</summary>
    public long LastSeq => _entries.Count > 0 ? _entries[^1].Seq : 0;

    public static bool IsSegmentFile(string path)
    {
        var name = Path.GetFileName(path);
        return name.StartsWith(Prefix, StringComparison.Ordinal) && name.EndsWith(Suffix, StringComparison.Ordinal);
    }

    /// <summary>A new, empty segment for lines from <paramref name="firstSeq"/> on, open for appending.</summary>
    public static Segment Create(string directory, long firstSeq)
    {
        var path = Path.Join(directory, $"{Prefix}{firstSeq:D19}{Suffix}");
        var segment = new Segment(path, [], 0)
        {
            _writer = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read),
        };
        DirectorySync.TrySync(directory); // the new name, so a crash cannot lose a file whose lines were synced
        return segment;
    }

    /// <summary>
    /// Reads a segment left by an earlier run. A last line without its newline was torn by a crash mid-append: it was
    /// never acknowledged or even sent, so it is cut off. Lines that do not read as a batch, or whose number does not
    /// increase, are skipped and counted in <paramref name="unreadable"/>. The segment is not appended to again.
    /// </summary>
    public static Segment Recover(string path, out int unreadable, out long tornBytes)
    {
        var bytes = File.ReadAllBytes(path);
        var entries = new List<SegmentEntry>();
        unreadable = 0;
        var offset = 0;
        while (bytes.AsSpan(offset).IndexOf((byte)'\n') is var end and >= 0)
        {
            var line = bytes.AsSpan(offset, end);
            if (LineSeq.TryRead(line, out var seq) && seq > (entries.Count > 0 ? entries[^1].Seq : 0))
            {
                entries.Add(new SegmentEntry(seq, offset, end));
            }
            else
            {
                unreadable++;
            }

            offset += end + 1;
        }

        tornBytes = bytes.Length - offset;
        if (tornBytes > 0)
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read);
            file.SetLength(offset);
            file.Flush(flushToDisk: true);
        }

        return new Segment(path, entries, offset);
    }

    /// <summary>Appends <paramref name="json"/> and a newline and syncs them to disk. On failure the file is cut back, so no torn line stays behind.</summary>
    public void Append(long seq, ReadOnlyMemory<byte> json)
    {
        var writer = _writer ?? throw new InvalidOperationException($"Segment {FilePath} is closed for appending.");
        try
        {
            // One positioned write of line and newline together, then fsync: the line is on disk when this returns.
            RandomAccess.Write(writer, [json, Newline], Length);
            RandomAccess.FlushToDisk(writer);
        }
        catch (IOException)
        {
            TryCutBack(writer);
            throw;
        }

        _entries.Add(new SegmentEntry(seq, Length, json.Length));
        Length += json.Length + 1;
    }

    /// <summary>Opens the file for reading lines (<see cref="Read"/>).</summary>
    public SafeFileHandle OpenForReading() => File.OpenHandle(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

    /// <summary>One line's bytes, without its newline.</summary>
    public static byte[] Read(SafeFileHandle file, SegmentEntry entry)
    {
        var bytes = new byte[entry.Length];
        var read = 0;
        while (read < bytes.Length)
        {
            var n = RandomAccess.Read(file, bytes.AsSpan(read), entry.Offset + read);
            if (n == 0)
            {
                throw new IOException($"A buffered batch (seq {entry.Seq}) ends early: the segment was cut short.");
            }

            read += n;
        }

        return bytes;
    }

    /// <summary>Stops appending (the file stays).</summary>
    public void CloseForAppending()
    {
        _writer?.Dispose();
        _writer = null;
    }

    public void Delete()
    {
        CloseForAppending();
        File.Delete(FilePath);
    }

    public void Dispose() => CloseForAppending();

    private void TryCutBack(SafeFileHandle writer)
    {
        try
        {
            RandomAccess.SetLength(writer, Length);
        }
        catch (IOException)
        {
            // The disk is failing; recovery on the next start cuts a torn line anyway.
        }
    }
}
