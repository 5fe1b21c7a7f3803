using System.Runtime.InteropServices;

namespace Turtle.Collector.Linux;

/// <summary>The kernel's clock ticks per second for process times, from <c>sysconf(_SC_CLK_TCK)</c>.</summary>
internal static partial class ClockTicks
{
    /// <summary>What Linux uses (USER_HZ) on every architecture .NET runs on.</summary>
    public const long Usual = 100;

    private const int ScClockTick = 2; // _SC_CLK_TCK in glibc and musl

    public static long OfThisMachine()
    {
        try
        {
            var ticks = SysConf(ScClockTick);
            return ticks > 0 ? ticks : Usual;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return Usual;
        }
    }

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial nint SysConf(int name); // C long: 32 bits on 32-bit systems
}
