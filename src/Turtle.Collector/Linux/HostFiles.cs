using Microsoft.Win32.SafeHandles;

namespace Turtle.Collector.Linux;

/// <summary>
/// Reads the files of the sampled host under its root directory (<c>/</c>, or a fixture tree in tests) into one
/// reusable buffer, so a sample does not allocate per file read. A missing or unreadable file reads as absent: on a
/// live host, processes end and devices go between listing and reading, and that is not an error.
/// </summary>
/// <remarks>Not thread-safe; each sampler owns one. A span handed out is valid until the next read.</remarks>
internal sealed class HostFiles(string root)
{
    private const int MaxFileBytes = 64 * 1024 * 1024; // /proc/net/tcp of a very busy host; anything larger is a bug

    private byte[] _buffer = new byte[8 * 1024];

    /// <summary>The root directory everything is read under.</summary>
    public string Root { get; } = root;

    /// <summary>Whether the root is this machine's own (then live sources outside the tree, like uname, apply too).</summary>
    public bool IsLiveRoot { get; } = Path.GetFullPath(root) == "/";

    /// <summary>The path of <paramref name="relative"/> (written without a leading slash) under the root.</summary>
    public string PathOf(string relative) => Path.Join(Root, relative);

    /// <summary>Opens <paramref name="path"/> (already under the root) for reading line by line.</summary>
    public LineReader OpenLines(string path) => new(this, TryOpen(path));

    /// <summary>Reads all of <paramref name="path"/>; false when it is missing or unreadable.</summary>
    public bool TryReadAll(string path, out ReadOnlySpan<byte> content)
    {
        content = default;
        using var handle = TryOpen(path);
        if (handle is null)
        {
            return false;
        }

        var length = 0;
        while (true)
        {
            if (length == _buffer.Length && !TryGrow())
            {
                return false;
            }

            var read = TryRead(handle, _buffer.AsSpan(length), length);
            if (read < 0)
            {
                return false;
            }

            if (read == 0)
            {
                content = _buffer.AsSpan(0, length);
                return true;
            }

            length += read;
        }
    }

    /// <summary>Fills <paramref name="numbers"/> from the first whitespace-separated fields of <paramref name="path"/>; false unless all parse.</summary>
    public bool TryReadNumbers(string path, Span<double> numbers)
    {
        if (!TryReadAll(path, out var rest))
        {
            return false;
        }

        foreach (ref var number in numbers)
        {
            if (!SpanText.TryParse(SpanText.NextField(ref rest), out number))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The text of a small file (<paramref name="relative"/> to the root), trimmed; null when missing, unreadable or empty (for facts, read rarely).</summary>
    public string? ReadText(string relative) => ReadTextAt(PathOf(relative));

    /// <inheritdoc cref="ReadText"/>
    public string? ReadTextAt(string path)
    {
        if (!TryReadAll(path, out var content))
        {
            return null;
        }

        var text = SpanText.Decode(SpanText.Trim(content));
        return text.Length == 0 ? null : text;
    }

    /// <summary>
    /// The entries of <paramref name="directory"/> matching <paramref name="pattern"/>, in natural order (see
    /// <see cref="NaturalOrder"/>); none when it does not exist. Entries of every kind: sysfs class directories hold symlinks to devices.
    /// </summary>
    public static IEnumerable<string> List(string directory, string pattern = "*") =>
        Directory.Exists(directory)
            ? Directory.GetFileSystemEntries(directory, pattern).Order(NaturalOrder.Instance)
            : [];

    internal byte[] Buffer => _buffer;

    /// <summary>Doubles the buffer, keeping its content; false once a file would exceed the sanity limit.</summary>
    internal bool TryGrow()
    {
        if (_buffer.Length >= MaxFileBytes)
        {
            return false;
        }

        Array.Resize(ref _buffer, _buffer.Length * 2);
        return true;
    }

    /// <summary>Bytes read, 0 at the end, −1 when the file went away mid-read (a process that ended).</summary>
    internal static int TryRead(SafeFileHandle handle, Span<byte> into, long offset)
    {
        try
        {
            return RandomAccess.Read(handle, into, offset);
        }
        catch (IOException)
        {
            return -1;
        }
        catch (UnauthorizedAccessException)
        {
            return -1;
        }
    }

    private static SafeFileHandle? TryOpen(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        }
        catch (IOException)
        {
            return null; // not found, or gone: a process that ended, a device unplugged
        }
        catch (UnauthorizedAccessException)
        {
            return null; // another user's process while not running as root
        }
    }
}
