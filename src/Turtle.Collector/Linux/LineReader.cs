using Microsoft.Win32.SafeHandles;

namespace Turtle.Collector.Linux;

/// <summary>
/// The lines of one file, read in chunks into its <see cref="HostFiles"/> buffer, so a large file (the TCP table of a
/// busy host) is never held whole. A line is valid until the next call. Dispose to close the file.
/// </summary>
internal ref struct LineReader
{
    private readonly HostFiles _files;
    private readonly SafeFileHandle? _handle;
    private long _offset;
    private int _start;
    private int _end;
    private bool _ended;

    internal LineReader(HostFiles files, SafeFileHandle? handle)
    {
        _files = files;
        _handle = handle;
        _ended = handle is null;
    }

    /// <summary>Whether the file could be opened at all.</summary>
    public readonly bool IsOpen => _handle is not null;

    /// <summary>The next line without its newline; false at the end of the file.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var pending = _files.Buffer.AsSpan(_start, _end - _start);
            var newline = pending.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = pending[..newline];
                _start += newline + 1;
                return true;
            }

            if (_ended)
            {
                line = pending;
                _start = _end;
                return pending.Length > 0; // a last line without a newline
            }

            Fill();
        }
    }

    private void Fill()
    {
        var buffer = _files.Buffer;
        var pendingLength = _end - _start;
        if (_start > 0)
        {
            Buffer.BlockCopy(buffer, _start, buffer, 0, pendingLength);
            _start = 0;
            _end = pendingLength;
        }

        if (_end == buffer.Length && !_files.TryGrow())
        {
            _ended = true; // a line longer than any sane file: give up on the rest
            return;
        }

        var read = HostFiles.TryRead(_handle!, _files.Buffer.AsSpan(_end), _offset);
        if (read <= 0)
        {
            _ended = true;
            return;
        }

        _end += read;
        _offset += read;
    }

    public readonly void Dispose() => _handle?.Dispose();
}
