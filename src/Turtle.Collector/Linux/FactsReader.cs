using System.Runtime.InteropServices;
using Turtle.Collector.Devices;
using Turtle.Twin.Observations;

namespace Turtle.Collector.Linux;

/// <summary>
/// The host's facts: OS (<c>os-release</c>), kernel (<c>/proc/sys/kernel/osrelease</c>), architecture
/// (<c>/proc/sys/kernel/arch</c>, else the running process's when sampling this machine), CPU (<see cref="CpuInfo"/>),
/// boot time, disks and interfaces (<see cref="DeviceFacts"/>). Memory and filesystems come from the same sample's
/// metrics, so facts and metrics agree.
/// </summary>
internal sealed class FactsReader(HostFiles files, BootClock boot)
{
    private static readonly int MaxText = ObservationLimits.Default.MaxTextLength;

    public HostFacts Read(MemoryMetrics? memory, List<FilesystemFact>? filesystems)
    {
        var (model, count) = CpuInfo.Read(files);
        return new HostFacts
        {
            Os = DeviceNames.Truncate(OsRelease.Read(files), MaxText),
            Kernel = DeviceNames.Truncate(files.ReadText("proc/sys/kernel/osrelease"), MaxText),
            Arch = DeviceNames.Truncate(files.ReadText("proc/sys/kernel/arch") ?? LiveArch(), 64),
            CpuModel = DeviceNames.Truncate(model, MaxText),
            CpuCount = count,
            MemoryBytes = memory?.TotalBytes,
            SwapBytes = memory?.SwapTotalBytes,
            BootTime = boot.BootTime,
            Disks = DeviceFacts.Disks(files),
            Filesystems = filesystems,
            Interfaces = DeviceFacts.Interfaces(files),
        };
    }

    /// <summary>The host's name as its kernel knows it (<c>/proc/sys/kernel/hostname</c>).</summary>
    public string? HostName() => files.ReadText("proc/sys/kernel/hostname");

    /// <summary>Kernels before 6.1 lack <c>/proc/sys/kernel/arch</c>; this machine's own then answers in uname's words.</summary>
    private string? LiveArch() => !files.IsLiveRoot ? null : RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "x86_64",
        Architecture.X86 => "i686",
        Architecture.Arm64 => "aarch64",
        Architecture.Arm or Architecture.Armv6 => "armv7l",
        Architecture.RiscV64 => "riscv64",
        Architecture.LoongArch64 => "loongarch64",
        Architecture.Ppc64le => "ppc64le",
        Architecture.S390x => "s390x",
        var other => other.ToString().ToLowerInvariant(),
    };
}
