using Turtle.Collector.Devices;
using Turtle.Twin.Observations;

namespace Turtle.Collector.Linux;

/// <summary>
/// Temperatures from hwmon chips (<c>/sys/class/hwmon/*/temp*_input</c>, named <c>chip/label</c> from <c>name</c> and
/// <c>temp*_label</c>, or <c>chip/tempN</c> without a label) and thermal zones
/// (<c>/sys/class/thermal/thermal_zone*/temp</c>, named by their <c>type</c>), in millidegrees there and °C here.
/// A name seen twice gets <c>#2</c>, <c>#3</c>, ... in discovery order. Readings that fail (a sleeping disk's sensor
/// answers EIO) or fall outside −273.15 to 1000 °C (drivers report such values for absent probes) are skipped.
/// The sensor list is found once and again every <see cref="RediscoverEvery"/> samples (sensors come with hotplug
/// only), so a sample reads one small file per sensor and lists no directories.
/// </summary>
internal sealed class TemperatureSampler(HostFiles files)
{
    /// <summary>How many samples a sensor list is used before it is looked for again.</summary>
    public const int RediscoverEvery = 60;

    private readonly List<(string Sensor, string Path)> _sensors = [];
    private int _samplesSinceDiscovery = RediscoverEvery;

    /// <summary>Each readable sensor's temperature; null when the host has none.</summary>
    public List<Temperature>? Sample()
    {
        if (++_samplesSinceDiscovery >= RediscoverEvery)
        {
            Discover();
            _samplesSinceDiscovery = 0;
        }

        if (_sensors.Count == 0)
        {
            return null;
        }

        var temperatures = new List<Temperature>(_sensors.Count);
        foreach (var (sensor, path) in _sensors)
        {
            if (files.TryReadAll(path, out var content) && SpanText.TryParse(SpanText.Trim(content), out long millidegrees))
            {
                var celsius = millidegrees / 1000.0;
                if (celsius is >= -273.15 and <= 1000)
                {
                    temperatures.Add(new Temperature(sensor, celsius));
                }
            }
        }

        return temperatures.Count == 0 ? null : temperatures;
    }

    private void Discover()
    {
        _sensors.Clear();
        var used = new UniqueNames();
        foreach (var chip in HostFiles.List(files.PathOf("sys/class/hwmon"), "hwmon*"))
        {
            // Old drivers keep their files in the device directory rather than the hwmon one.
            var directory = File.Exists(Path.Join(chip, "name")) ? chip : Path.Join(chip, "device");
            var chipName = files.ReadTextAt(Path.Join(directory, "name")) ?? Path.GetFileName(chip);
            foreach (var input in HostFiles.List(directory, "temp*").Where(p => p.EndsWith("_input", StringComparison.Ordinal)))
            {
                var channel = Path.GetFileName(input)[..^"_input".Length];
                var label = files.ReadTextAt(Path.Join(directory, channel + "_label"));
                Add(used, $"{chipName}/{label ?? channel}", input);
            }
        }

        foreach (var zone in HostFiles.List(files.PathOf("sys/class/thermal"), "thermal_zone*"))
        {
            var type = files.ReadTextAt(Path.Join(zone, "type")) ?? Path.GetFileName(zone);
            Add(used, type, Path.Join(zone, "temp"));
        }
    }

    private void Add(UniqueNames used, string name, string path)
    {
        var sensor = used.Next(name);
        if (DeviceNames.IsSendable(sensor) && _sensors.Count < ObservationLimits.Default.MaxDevices)
        {
            _sensors.Add((sensor, path));
        }
    }
}
