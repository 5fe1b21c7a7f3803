using System.Runtime.InteropServices;

namespace Turtle.Collector.Linux;

/// <summary>
/// <see cref="IFileSystemStats"/> through libc's <c>statvfs</c>. On 64-bit Linux its struct has one layout in glibc
/// and musl; on 32-bit, glibc's <c>statvfs64</c> and musl's <c>statvfs</c> share the first eight fields with 64-bit
/// counts, and those are all that is read.
/// </summary>
public sealed partial class LibcFileSystemStats(string root = "/") : IFileSystemStats
{
    private static bool s_noStatvfs64;

    public bool TryGetSpace(string mountPoint, out FileSystemSpace space)
    {
        space = default;
        var path = root == "/" ? mountPoint : Path.Join(root, mountPoint);
        if (!TryStat(path, out var stat))
        {
            return false;
        }

        var unit = (long)stat.FragmentSize;
        space = new FileSystemSpace(Bytes(stat.Blocks, unit), Bytes(stat.BlocksFree, unit), Bytes(stat.BlocksAvailable, unit), Count(stat.Files), Count(stat.FilesFree));
        return true;
    }

    private static bool TryStat(string path, out StatVfs stat)
    {
        if (IntPtr.Size == 8 || s_noStatvfs64)
        {
            return StatVfsCall(path, out stat) == 0;
        }

        try
        {
            return StatVfs64Call(path, out stat) == 0;
        }
        catch (EntryPointNotFoundException)
        {
            s_noStatvfs64 = true; // musl: statvfs is already 64-bit
            return StatVfsCall(path, out stat) == 0;
        }
    }

    private static long Bytes(ulong blocks, long unit) => blocks > (ulong)(long.MaxValue / Math.Max(unit, 1)) ? long.MaxValue / 2 : (long)blocks * unit;

    private static long Count(ulong count) => count > long.MaxValue ? long.MaxValue : (long)count;

    [LibraryImport("libc", EntryPoint = "statvfs", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int StatVfsCall(string path, out StatVfs stat);

    [LibraryImport("libc", EntryPoint = "statvfs64", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int StatVfs64Call(string path, out StatVfs stat);

    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct StatVfs
    {
        public nuint BlockSize;
        public nuint FragmentSize;
        public ulong Blocks;
        public ulong BlocksFree;
        public ulong BlocksAvailable;
        public ulong Files;
        public ulong FilesFree;
        public ulong FilesAvailable;
        private fixed byte _rest[64]; // fsid, flags, name length and spare: their sizes differ between libcs; never read
    }
}
