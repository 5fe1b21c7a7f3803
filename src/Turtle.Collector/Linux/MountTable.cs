using Turtle.Collector.Devices;

namespace Turtle.Collector.Linux;

/// <summary>One mounted filesystem worth watching.</summary>
internal readonly record struct MountEntry(string Device, string Mount, string Type);

/// <summary>
/// The mounted filesystems from <c>/proc/self/mounts</c> (<c>/proc/mounts</c> on kernels without it), keeping those
/// worth watching: pseudo filesystems are skipped (see <see cref="FilesystemTypes"/>), and so are mount points the
/// schema cannot name (see <see cref="DeviceNames"/>). A mount point mounted over keeps only its latest mount (the one
/// visible); a device mounted more than once (bind mounts, btrfs subvolumes of one pool) keeps only its first mount
/// point, since every mount of it reports the same space.
/// </summary>
internal sealed class MountTable(HostFiles files)
{
    private readonly string[] _paths = [files.PathOf("proc/self/mounts"), files.PathOf("proc/mounts")];
    private readonly NameCache _names = new();
    private readonly List<MountEntry> _read = [];
    private readonly HashSet<string> _devices = new(StringComparer.Ordinal);

    /// <summary>Fills <paramref name="into"/> with the mounts in mount order; false when no mount table can be read.</summary>
    public bool Read(List<MountEntry> into)
    {
        into.Clear();
        _read.Clear();
        if (!ReadFirstTable())
        {
            return false;
        }

        _devices.Clear();
        for (var i = 0; i < _read.Count; i++)
        {
            var entry = _read[i];
            // A pseudo filesystem mounted over a real one hides it, so shadowing is decided before skipping pseudo ones.
            if (!IsShadowed(i) && !FilesystemTypes.IsPseudo(entry.Type) && DeviceNames.IsSendable(entry.Mount) && _devices.Add(entry.Device))
            {
                into.Add(entry);
            }
        }

        return true;
    }

    private bool ReadFirstTable()
    {
        Span<byte> unescaped = stackalloc byte[1024];
        foreach (var path in _paths)
        {
            using var lines = files.OpenLines(path);
            if (!lines.IsOpen)
            {
                continue;
            }

            while (lines.TryReadLine(out var line))
            {
                // device mount-point type options dump pass, with spaces and such in names written as octal (\040)
                var rest = line;
                var device = SpanText.NextField(ref rest);
                var mount = SpanText.NextField(ref rest);
                var type = SpanText.NextField(ref rest);
                if (type.IsEmpty || mount.Length > unescaped.Length)
                {
                    continue;
                }

                var mountName = _names.Get(unescaped[..Unescape(mount, unescaped)]);
                _read.Add(new MountEntry(_names.Get(unescaped[..Unescape(device, unescaped)]), mountName, _names.Get(type)));
            }

            return true;
        }

        return false;
    }

    private bool IsShadowed(int index)
    {
        for (var later = index + 1; later < _read.Count; later++)
        {
            if (_read[later].Mount == _read[index].Mount)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Decodes the kernel's octal escapes (<c>\040</c> space, <c>\011</c> tab, <c>\012</c> newline, <c>\134</c> backslash) into <paramref name="into"/>; returns the length.</summary>
    internal static int Unescape(ReadOnlySpan<byte> field, Span<byte> into)
    {
        var length = 0;
        for (var i = 0; i < field.Length && length < into.Length; i++)
        {
            if (field[i] == (byte)'\\' && i + 3 < field.Length && IsOctal(field[i + 1]) && IsOctal(field[i + 2]) && IsOctal(field[i + 3]))
            {
                into[length++] = (byte)(((field[i + 1] - '0') << 6) | ((field[i + 2] - '0') << 3) | (field[i + 3] - '0'));
                i += 3;
            }
            else
            {
                into[length++] = field[i];
            }
        }

        return length;
    }

    private static bool IsOctal(byte b) => b is >= (byte)'0' and <= (byte)'7';
}
