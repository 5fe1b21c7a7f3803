using Turtle.Collector.Devices;
using Turtle.Twin.Observations;

namespace Turtle.Collector.Scrape;

/// <summary>
/// Temperatures from <c>node_hwmon_temp_celsius{chip,sensor}</c>, named <c>chip/label</c> like /proc sampling does
/// (the chip's name from <c>node_hwmon_chip_names</c> and the label from <c>node_hwmon_sensor_label</c> when exported),
/// and from <c>node_thermal_zone_temp{type,zone}</c>, named by type. Repeated names get <c>#2</c>, ...; values outside
/// −273.15 to 1000 °C are skipped.
/// </summary>
internal static class NodeExporterTemperatures
{
    public static List<Temperature>? Read(PrometheusScrape scrape)
    {
        var chipNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var sample in scrape.Named("node_hwmon_chip_names"))
        {
            if (sample.Label("chip") is { } chip && sample.Label("chip_name") is { Length: > 0 } name)
            {
                chipNames.TryAdd(chip, name);
            }
        }

        var labels = new Dictionary<(string, string), string>();
        foreach (var sample in scrape.Named("node_hwmon_sensor_label"))
        {
            if (sample.Label("chip") is { } chip && sample.Label("sensor") is { } sensor && sample.Label("label") is { Length: > 0 } label)
            {
                labels.TryAdd((chip, sensor), label);
            }
        }

        var names = new UniqueNames();
        var temperatures = new List<Temperature>();
        foreach (var sample in scrape.Named("node_hwmon_temp_celsius"))
        {
            if (sample.Label("chip") is { } chip && sample.Label("sensor") is { } sensor)
            {
                Add(temperatures, names, $"{chipNames.GetValueOrDefault(chip, chip)}/{labels.GetValueOrDefault((chip, sensor), sensor)}", sample.Value);
            }
        }

        foreach (var sample in scrape.Named("node_thermal_zone_temp"))
        {
            if ((sample.Label("type") ?? sample.Label("zone")) is { Length: > 0 } type)
            {
                Add(temperatures, names, type, sample.Value);
            }
        }

        return temperatures.Count == 0 ? null : temperatures;
    }

    private static void Add(List<Temperature> into, UniqueNames names, string name, double celsius)
    {
        var sensor = names.Next(name);
        if (celsius is >= -273.15 and <= 1000 && DeviceNames.IsSendable(sensor) && into.Count < ObservationLimits.Default.MaxDevices)
        {
            into.Add(new Temperature(sensor, celsius));
        }
    }
}
