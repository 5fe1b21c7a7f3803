using System.Runtime.InteropServices;

namespace Turtle.Collector.Linux;

/// <summary>
/// fsync(2) on a directory. A new file or a rename is durable only once its directory is synced too; .NET has no API
/// for it (a directory cannot be opened as a FileStream), so this asks libc. Elsewhere than Linux it does nothing.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0; // O_RDONLY: enough to fsync a directory, and the same on every architecture

    /// <summary>Syncs <paramref name="path"/>'s entries to disk; false when it could not (the data is then only as safe as the page cache).</summary>
    public static bool TrySync(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            var fd = Open(path, ReadOnly);
            if (fd < 0)
            {
                return false;
            }

            var synced = Fsync(fd) == 0;
            Close(fd);
            return synced;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
