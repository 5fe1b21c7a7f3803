namespace Turtle.Collector.Linux;

/// <summary>
/// The CPU's model and count from <c>/proc/cpuinfo</c>, whose keys differ by architecture: x86 has <c>model name</c>;
/// MIPS (most OpenWrt routers) <c>cpu model</c>, with the SoC in <c>system type</c>; 32-bit ARM kernels
/// <c>Processor</c> (else the SoC in <c>Hardware</c>); 64-bit ARM often only the implementer and part numbers, named here for ARM's own
/// cores. Where none of these appear, the board's device-tree model stands in.
/// </summary>
internal static class CpuInfo
{
    // ARM Ltd (implementer 0x41) part numbers of the cores small servers and boards use.
    private static readonly Dictionary<string, string> ArmParts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["0xd03"] = "Cortex-A53", ["0xd04"] = "Cortex-A35", ["0xd05"] = "Cortex-A55", ["0xd07"] = "Cortex-A57",
        ["0xd08"] = "Cortex-A72", ["0xd09"] = "Cortex-A73", ["0xd0a"] = "Cortex-A75", ["0xd0b"] = "Cortex-A76",
        ["0xd0c"] = "Neoverse-N1", ["0xd0d"] = "Cortex-A77", ["0xd40"] = "Neoverse-V1", ["0xd41"] = "Cortex-A78",
        ["0xd44"] = "Cortex-X1", ["0xd46"] = "Cortex-A510", ["0xd47"] = "Cortex-A710", ["0xd49"] = "Neoverse-N2",
        ["0xd4f"] = "Neoverse-V2", ["0xc07"] = "Cortex-A7", ["0xc09"] = "Cortex-A9", ["0xc0f"] = "Cortex-A15",
    };

    /// <summary>Reads the model (null when no key names it) and the number of processors (null when none is listed).</summary>
    public static (string? Model, int? Count) Read(HostFiles files)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var count = 0;
        using (var lines = files.OpenLines(files.PathOf("proc/cpuinfo")))
        {
            while (lines.TryReadLine(out var line))
            {
                var colon = line.IndexOf((byte)':');
                if (colon <= 0)
                {
                    continue;
                }

                var key = SpanText.Decode(SpanText.Trim(line[..colon]));
                var value = SpanText.Decode(SpanText.Trim(line[(colon + 1)..]));
                if (key == "processor" && int.TryParse(value, out _))
                {
                    count++; // one block per logical CPU; ARM32's "Processor : ARMv7 ..." is a model, not a number
                }

                values.TryAdd(key, value);
            }
        }

        return (Model(values) ?? files.ReadText("proc/device-tree/model"), count > 0 ? count : null);
    }

    private static string? Model(Dictionary<string, string> values)
    {
        if (Value(values, "model name") is { } x86)
        {
            return x86;
        }

        if (Value(values, "cpu model") is { } mips)
        {
            return Value(values, "system type") is { } soc ? $"{soc} ({mips})" : mips;
        }

        if (values.TryGetValue("Processor", out var arm32) && !int.TryParse(arm32, out _) && arm32.Length > 0)
        {
            return arm32;
        }

        if (Value(values, "Hardware") is { } hardware)
        {
            return hardware;
        }

        return values.TryGetValue("CPU implementer", out var implementer) && implementer == "0x41"
            && values.TryGetValue("CPU part", out var part) && ArmParts.TryGetValue(part, out var core)
            ? $"ARM {core}"
            : null;
    }

    private static string? Value(Dictionary<string, string> values, string key) =>
        values.TryGetValue(key, out var value) && value.Length > 0 ? value : null;
}
