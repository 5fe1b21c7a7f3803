using System.IO.Enumeration;
using Turtle.Twin.Observations;

namespace Turtle.Collector.Linux;

/// <summary>
/// What is read only for the processes reported (the top ones and the watched): resident memory and owner from
/// <c>status</c>, the command line from <c>cmdline</c>, open descriptors by listing <c>fd</c>.
/// </summary>
internal sealed class ProcessDetails(HostFiles files)
{
    private static readonly EnumerationOptions ListEverything = new() { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false };

    private readonly Lazy<bool> _procIsProcfs = new(() => IsProcfs(files), LazyThreadSafetyMode.None);

    /// <summary>VmRSS in bytes (0 for kernel threads, which have none) and the effective uid; false when the process is gone.</summary>
    public bool TryReadStatus(string statusPath, out long rssBytes, out uint uid)
    {
        rssBytes = 0;
        uid = 0;
        var found = false;
        using var lines = files.OpenLines(statusPath);
        while (lines.TryReadLine(out var line))
        {
            if (SpanText.TryGetValue(line, "VmRSS"u8, out var rss))
            {
                SpanText.TryParseKilobytes(rss, out rssBytes);
            }
            else if (SpanText.TryGetValue(line, "Uid"u8, out var uids))
            {
                // real, effective, saved, filesystem: ps and top show the effective one
                SpanText.NextField(ref uids);
                found = SpanText.TryParse(SpanText.NextField(ref uids), out ulong effective) && effective <= uint.MaxValue;
                uid = (uint)effective;
            }
        }

        return found;
    }

    /// <summary>
    /// The command line, arguments joined by spaces and cut to the schema's limit; null for kernel threads (which have
    /// none) and for processes gone. <paramref name="cached"/> is returned again when the bytes did not change.
    /// </summary>
    public string? ReadCommand(string cmdlinePath, string? cached, ref byte[]? cachedBytes)
    {
        if (!files.TryReadAll(cmdlinePath, out var content))
        {
            return null;
        }

        var maxBytes = ObservationLimits.Default.MaxCommandLength; // n UTF-8 bytes decode to at most n chars: the string fits
        content = SpanText.Trim(content.Length > maxBytes ? content[..maxBytes] : content);
        if (content.IsEmpty)
        {
            return null;
        }

        if (cached is not null && cachedBytes is not null && content.SequenceEqual(cachedBytes))
        {
            return cached;
        }

        cachedBytes = content.ToArray();
        return SpanText.Decode(content).Replace('\0', ' ');
    }

    /// <summary>
    /// Open file descriptors of the process in <paramref name="processDirectory"/>; null when they cannot be listed
    /// (another user's process, unless running as root). Where <c>/proc</c> is procfs on Linux 6.2 or later, the size of
    /// the <c>fd</c> directory is the count: one stat instead of listing the directory, which .NET does with two stat
    /// calls per descriptor (a few milliseconds for a busy server process).
    /// </summary>
    public int? CountFds(string processDirectory, string fdPath)
    {
        try
        {
            if (_procIsProcfs.Value)
            {
                foreach (var size in new FileSystemEnumerable<long>(processDirectory, static (ref FileSystemEntry e) => e.Length, ListEverything)
                         {
                             ShouldIncludePredicate = static (ref FileSystemEntry e) => e.FileName.SequenceEqual("fd"),
                         })
                {
                    if (size > 0)
                    {
                        return (int)Math.Min(size, int.MaxValue);
                    }
                }
            }

            var count = 0;
            foreach (var _ in new FileSystemEnumerable<byte>(fdPath, static (ref FileSystemEntry _) => 0, ListEverything))
            {
                count++;
            }

            return count;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Whether the root's <c>proc</c> is a procfs mount (in a fixture tree it is a plain directory, whose size means nothing).</summary>
    private static bool IsProcfs(HostFiles files)
    {
        var proc = Path.TrimEndingDirectorySeparator(Path.GetFullPath(files.PathOf("proc")));
        using var lines = files.OpenLines("/proc/self/mounts"); // the collector's own mounts, wherever the root is
        while (lines.TryReadLine(out var line))
        {
            var rest = line;
            SpanText.NextField(ref rest);
            var mount = SpanText.NextField(ref rest);
            if (SpanText.NextField(ref rest).SequenceEqual("proc"u8) && System.Text.Encoding.UTF8.GetString(mount) == proc)
            {
                return true;
            }
        }

        return false;
    }
}
