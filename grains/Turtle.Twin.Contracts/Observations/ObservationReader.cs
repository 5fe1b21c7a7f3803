using System.Text.Json;

namespace Turtle.Twin.Observations;

/// <summary>
/// Reads observation schema v1 from JSON and checks it completely: types, ranges, names, sizes, unknown fields and
/// repeated items, every problem reported with its JSON path. A batch with any error is refused whole, so nothing of
/// it reaches a twin. A request body holds one batch (an object) or several (an array of objects).
/// </summary>
public sealed class ObservationReader(ObservationLimits limits, TimeProvider time)
{
    private const long MaxBytes = long.MaxValue / 2; // byte counts: non-negative, and summing two cannot overflow
    private const double MaxRate = 1e15;             // per second: far above any real device, below double's trouble

    private static readonly IReadOnlySet<string> BatchFields = Set("schema", "collector", "seq", "dc", "host", "time", "interval", "facts", "metrics", "processes", "exited", "links", "self");
    private static readonly IReadOnlySet<string> FactFields = Set("os", "kernel", "arch", "cpuModel", "cpuCount", "memoryBytes", "swapBytes", "bootTime", "disks", "filesystems", "interfaces");
    private static readonly IReadOnlySet<string> MetricFields = Set("cpu", "load", "memory", "filesystems", "disks", "interfaces", "temperatures", "tcp");
    private static readonly IReadOnlySet<string> ProcessFields = Set("pid", "startTime", "name", "command", "user", "state", "cpuPercent", "rssBytes", "threads", "fds");
    private static readonly IReadOnlySet<string> LinkFields = Set("to", "target", "rttMs", "jitterMs", "lossPercent");

    /// <summary>The batches in <paramref name="json"/>, or the errors that refuse them all (paths of an array body start <c>$[i]</c>).</summary>
    public ObservationReadResult Read(JsonElement json)
    {
        var errors = new List<ObservationError>();
        var fields = new JsonFieldReader(errors);
        var batches = new List<Observation>();
        switch (json.ValueKind)
        {
            case JsonValueKind.Object:
                AddIfRead(batches, ReadBatch(fields, json, "$"));
                break;
            case JsonValueKind.Array when json.GetArrayLength() == 0:
                fields.Fail("$", "must hold at least one observation");
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in json.EnumerateArray())
                {
                    AddIfRead(batches, ReadBatch(fields, item, $"$[{index++}]"));
                }

                break;
            default:
                fields.Fail("$", "must be an observation object or an array of them");
                break;
        }

        return errors.Count == 0 ? new ObservationReadResult(batches, []) : new ObservationReadResult([], errors);
    }

    private static void AddIfRead(List<Observation> batches, Observation? batch)
    {
        if (batch is not null)
        {
            batches.Add(batch);
        }
    }

    private Observation? ReadBatch(JsonFieldReader f, JsonElement e, string path)
    {
        if (!f.IsObject(e, path))
        {
            return null;
        }

        var before = f.Errors.Count;
        f.RejectUnknown(e, path, BatchFields);
        f.String(e, path, "schema", required: true, 64, s => s == Observation.SchemaV1, $"must be \"{Observation.SchemaV1}\"");
        var collector = f.String(e, path, "collector", required: true, limits.MaxTextLength, IsCollectorId, "may hold only letters, digits and . _ : - and must start with a letter or digit");
        var seq = f.Integer(e, path, "seq", required: true, 1, long.MaxValue);
        var dc = f.String(e, path, "dc", required: true, 32, TwinKeys.IsDcName, "must be a DC name: lower-case letters, digits and -, starting with a letter or digit (dc1)");
        var host = f.String(e, path, "host", required: true, 128, TwinKeys.IsHostName, "must be a host name: letters, digits and . _ -, starting with a letter or digit");
        var now = time.GetUtcNow();
        // Without a time the batch was taken now (handy for scripts); collectors send it, and must when back-filling.
        var at = f.Time(e, path, "time", required: false, now - limits.MaxAge, now + limits.MaxFutureSkew) ?? now;
        var interval = f.Number(e, path, "interval", required: false, 1, 3600);
        var facts = f.TryGet(e, "facts", out var factsJson) ? ReadFacts(f, factsJson, JsonFieldReader.Child(path, "facts"), now) : null;
        var metrics = f.TryGet(e, "metrics", out var metricsJson) ? ReadMetrics(f, metricsJson, JsonFieldReader.Child(path, "metrics")) : null;
        // A process is its pid and start time to the second (its twin's key): two items equal in both are one process.
        var processes = f.Array(e, path, "processes", limits.MaxProcesses, (p, itemPath) => ReadProcess(f, p, itemPath, now),
            p => (p.Pid, p.StartTime.ToUnixTimeSeconds()), "pid and startTime (to the second)");
        var exited = f.Array(e, path, "exited", limits.MaxProcesses, (p, itemPath) => ReadExit(f, p, itemPath, now),
            p => (p.Pid, p.StartTime.ToUnixTimeSeconds()), "pid and startTime (to the second)");
        var links = f.Array(e, path, "links", limits.MaxLinks, (l, itemPath) => ReadLink(f, l, itemPath, dc is null || host is null ? null : TwinKeys.Host(dc, host)),
            l => l.To, "to");
        var self = Nested(f, e, path, "self", ["cpuPercent", "rssBytes", "bufferedBatches", "bufferedBytes", "droppedBatches", "version"], (c, p) =>
            new CollectorHealth(f.Number(c, p, "cpuPercent", true, 0, 100 * 65_536) ?? 0, f.Integer(c, p, "rssBytes", true, 0, MaxBytes) ?? 0,
                f.Integer(c, p, "bufferedBatches", false, 0, long.MaxValue) ?? 0, f.Integer(c, p, "bufferedBytes", false, 0, MaxBytes) ?? 0,
                f.Integer(c, p, "droppedBatches", false, 0, long.MaxValue) ?? 0, f.String(c, p, "version", false, 64)));
        if (f.Errors.Count > before)
        {
            return null;
        }

        return new Observation
        {
            Collector = collector!,
            Seq = seq!.Value,
            Dc = dc!,
            Host = host!,
            Time = at,
            Interval = interval ?? Observation.DefaultInterval,
            Facts = facts,
            Metrics = metrics,
            Processes = processes,
            Exited = exited,
            Links = links,
            Self = self,
        };
    }

    private HostFacts? ReadFacts(JsonFieldReader f, JsonElement e, string path, DateTimeOffset now)
    {
        if (!f.IsObject(e, path))
        {
            return null;
        }

        f.RejectUnknown(e, path, FactFields);
        var facts = new HostFacts
        {
            Os = f.String(e, path, "os", false, limits.MaxTextLength),
            Kernel = f.String(e, path, "kernel", false, limits.MaxTextLength),
            Arch = f.String(e, path, "arch", false, 64),
            CpuModel = f.String(e, path, "cpuModel", false, limits.MaxTextLength),
            CpuCount = (int?)f.Integer(e, path, "cpuCount", false, 1, 65_536),
            MemoryBytes = f.Integer(e, path, "memoryBytes", false, 0, MaxBytes),
            SwapBytes = f.Integer(e, path, "swapBytes", false, 0, MaxBytes),
            BootTime = f.Time(e, path, "bootTime", false, DateTimeOffset.UnixEpoch, now + limits.MaxFutureSkew),
            Disks = f.Array(e, path, "disks", limits.MaxDevices, (d, p) => Object(f, d, p, ["name", "sizeBytes", "model"], () =>
                new DiskFact(DeviceName(f, d, p, "name")!, f.Integer(d, p, "sizeBytes", false, 0, MaxBytes), f.String(d, p, "model", false, limits.MaxTextLength))),
                d => d.Name, "name"),
            Filesystems = f.Array(e, path, "filesystems", limits.MaxDevices, (d, p) => Object(f, d, p, ["mount", "device", "type", "sizeBytes"], () =>
                new FilesystemFact(DeviceName(f, d, p, "mount")!, f.String(d, p, "device", false, limits.MaxTextLength), f.String(d, p, "type", false, 64),
                    f.Integer(d, p, "sizeBytes", false, 0, MaxBytes))),
                d => d.Mount, "mount"),
            Interfaces = f.Array(e, path, "interfaces", limits.MaxDevices, (d, p) => Object(f, d, p, ["name", "mac", "addresses", "speedMbps", "mtu"], () =>
                new InterfaceFact(DeviceName(f, d, p, "name")!, f.String(d, p, "mac", false, 64),
                    f.Array(d, p, "addresses", 64, (a, ap) => a.ValueKind == JsonValueKind.String && a.GetString() is { Length: > 0 and <= 64 } text ? text : Fail<string>(f, ap, "must be an address string of 1 to 64 characters")),
                    (int?)f.Integer(d, p, "speedMbps", false, 0, 10_000_000), (int?)f.Integer(d, p, "mtu", false, 0, 1_000_000))),
                d => d.Name, "name"),
        };
        return facts;
    }

    private HostMetrics? ReadMetrics(JsonFieldReader f, JsonElement e, string path)
    {
        if (!f.IsObject(e, path))
        {
            return null;
        }

        f.RejectUnknown(e, path, MetricFields);
        var metrics = new HostMetrics
        {
            Cpu = Nested(f, e, path, "cpu", ["percent", "user", "system", "iowait", "steal"], (c, p) =>
                new CpuMetrics(f.Number(c, p, "percent", true, 0, 100) ?? 0, f.Number(c, p, "user", false, 0, 100), f.Number(c, p, "system", false, 0, 100),
                    f.Number(c, p, "iowait", false, 0, 100), f.Number(c, p, "steal", false, 0, 100))),
            Load = Nested(f, e, path, "load", ["avg1", "avg5", "avg15"], (l, p) =>
                new LoadMetrics(f.Number(l, p, "avg1", true, 0, 1e6) ?? 0, f.Number(l, p, "avg5", true, 0, 1e6) ?? 0, f.Number(l, p, "avg15", true, 0, 1e6) ?? 0)),
            Memory = Nested(f, e, path, "memory", ["totalBytes", "availableBytes", "swapTotalBytes", "swapUsedBytes"], (m, p) => ReadMemory(f, m, p)),
            Filesystems = f.Array(e, path, "filesystems", limits.MaxDevices, (d, p) => Object(f, d, p, ["mount", "sizeBytes", "usedBytes", "inodesUsedPercent"], () => ReadFilesystem(f, d, p)),
                d => d.Mount, "mount"),
            Disks = f.Array(e, path, "disks", limits.MaxDevices, (d, p) => Object(f, d, p, ["name", "readBytesPerSec", "writeBytesPerSec", "readOpsPerSec", "writeOpsPerSec", "utilPercent"], () =>
                new DiskIo(DeviceName(f, d, p, "name")!, Rate(f, d, p, "readBytesPerSec", true), Rate(f, d, p, "writeBytesPerSec", true),
                    OptionalRate(f, d, p, "readOpsPerSec"), OptionalRate(f, d, p, "writeOpsPerSec"), f.Number(d, p, "utilPercent", false, 0, 100))),
                d => d.Name, "name"),
            Interfaces = f.Array(e, path, "interfaces", limits.MaxDevices, (d, p) => Object(f, d, p, ["name", "rxBytesPerSec", "txBytesPerSec", "rxErrorsPerSec", "txErrorsPerSec", "rxDropsPerSec", "txDropsPerSec"], () =>
                new InterfaceTraffic(DeviceName(f, d, p, "name")!, Rate(f, d, p, "rxBytesPerSec", true), Rate(f, d, p, "txBytesPerSec", true),
                    OptionalRate(f, d, p, "rxErrorsPerSec"), OptionalRate(f, d, p, "txErrorsPerSec"), OptionalRate(f, d, p, "rxDropsPerSec"), OptionalRate(f, d, p, "txDropsPerSec"))),
                d => d.Name, "name"),
            Temperatures = f.Array(e, path, "temperatures", limits.MaxDevices, (d, p) => Object(f, d, p, ["sensor", "celsius"], () =>
                new Temperature(DeviceName(f, d, p, "sensor")!, f.Number(d, p, "celsius", true, -273.15, 1000) ?? 0)),
                d => d.Sensor, "sensor"),
            Tcp = ReadTcp(f, e, JsonFieldReader.Child(path, "tcp")),
        };
        return metrics;
    }

    private static MemoryMetrics? ReadMemory(JsonFieldReader f, JsonElement m, string p)
    {
        var total = f.Integer(m, p, "totalBytes", true, 0, MaxBytes);
        var available = f.Integer(m, p, "availableBytes", true, 0, MaxBytes);
        var swapTotal = f.Integer(m, p, "swapTotalBytes", false, 0, MaxBytes);
        var swapUsed = f.Integer(m, p, "swapUsedBytes", false, 0, MaxBytes);
        if (available > total)
        {
            f.Fail(JsonFieldReader.Child(p, "availableBytes"), "must not exceed totalBytes");
        }

        if (swapUsed > (swapTotal ?? long.MaxValue))
        {
            f.Fail(JsonFieldReader.Child(p, "swapUsedBytes"), "must not exceed swapTotalBytes");
        }

        return new MemoryMetrics(total ?? 0, available ?? 0, swapTotal, swapUsed);
    }

    private FilesystemUsage ReadFilesystem(JsonFieldReader f, JsonElement d, string p)
    {
        var mount = DeviceName(f, d, p, "mount");
        var size = f.Integer(d, p, "sizeBytes", true, 0, MaxBytes);
        var used = f.Integer(d, p, "usedBytes", true, 0, MaxBytes);
        if (used > size)
        {
            f.Fail(JsonFieldReader.Child(p, "usedBytes"), "must not exceed sizeBytes");
        }

        return new FilesystemUsage(mount!, size ?? 0, used ?? 0, f.Number(d, p, "inodesUsedPercent", false, 0, 100));
    }

    private static IReadOnlyDictionary<string, long>? ReadTcp(JsonFieldReader f, JsonElement metrics, string path)
    {
        if (!f.TryGet(metrics, "tcp", out var tcp) || !f.IsObject(tcp, path))
        {
            return null;
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var property in tcp.EnumerateObject())
        {
            if (!TcpStates.All.Contains(property.Name))
            {
                f.Fail(JsonFieldReader.Child(path, property.Name), $"is not a TCP state; use one of {string.Join(", ", TcpStates.All.Order(StringComparer.Ordinal))}");
            }
            else if (f.Integer(tcp, path, property.Name, true, 0, int.MaxValue) is { } count)
            {
                counts[property.Name] = count;
            }
        }

        return counts;
    }

    private ProcessObservation? ReadProcess(JsonFieldReader f, JsonElement e, string path, DateTimeOffset now)
    {
        if (!f.IsObject(e, path))
        {
            return null;
        }

        f.RejectUnknown(e, path, ProcessFields);
        var pid = f.Integer(e, path, "pid", true, 1, int.MaxValue);
        var start = f.Time(e, path, "startTime", true, DateTimeOffset.UnixEpoch, now + limits.MaxFutureSkew);
        var name = f.String(e, path, "name", true, limits.MaxTextLength);
        var process = new ProcessObservation
        {
            Pid = (int)(pid ?? 0),
            StartTime = start ?? default,
            Name = name ?? "",
            Command = f.String(e, path, "command", false, limits.MaxCommandLength),
            User = f.String(e, path, "user", false, limits.MaxTextLength),
            State = f.String(e, path, "state", false, 1, s => char.IsAsciiLetterUpper(s[0]) || char.IsAsciiLetterLower(s[0]), "must be one letter, the kernel's process state (R, S, D, Z, T, I, ...)"),
            // Percent of one CPU, as top shows it: a busy process on 8 cores shows 800.
            CpuPercent = f.Number(e, path, "cpuPercent", false, 0, 100 * 65_536) ?? 0,
            RssBytes = f.Integer(e, path, "rssBytes", false, 0, MaxBytes) ?? 0,
            Threads = (int?)f.Integer(e, path, "threads", false, 0, int.MaxValue),
            Fds = (int?)f.Integer(e, path, "fds", false, 0, int.MaxValue),
        };
        return pid is null || start is null || name is null ? null : process;
    }

    private ProcessExit? ReadExit(JsonFieldReader f, JsonElement e, string path, DateTimeOffset now) =>
        Object(f, e, path, ["pid", "startTime", "exitTime", "exitCode"], () =>
        {
            var pid = f.Integer(e, path, "pid", true, 1, int.MaxValue);
            var start = f.Time(e, path, "startTime", true, DateTimeOffset.UnixEpoch, now + limits.MaxFutureSkew);
            var exit = f.Time(e, path, "exitTime", false, DateTimeOffset.UnixEpoch, now + limits.MaxFutureSkew);
            var code = f.Integer(e, path, "exitCode", false, int.MinValue, int.MaxValue);
            return pid is null || start is null ? null : new ProcessExit((int)pid, start.Value, exit, (int?)code);
        });

    private LinkObservation? ReadLink(JsonFieldReader f, JsonElement e, string path, string? fromHostKey)
    {
        if (!f.IsObject(e, path))
        {
            return null;
        }

        f.RejectUnknown(e, path, LinkFields);
        var to = f.String(e, path, "to", true, 161, TwinKeys.IsNodeKey, "must name a host (dc2/gw) or a DC (dc2)");
        if (to is not null && to == fromHostKey)
        {
            f.Fail(JsonFieldReader.Child(path, "to"), "must not be the observed host itself");
        }
        else if (to is not null && fromHostKey is not null && TwinKeys.Link(fromHostKey, to).Length > TwinKeys.MaxKeyLength)
        {
            // The link's key names its history; history names are capped.
            f.Fail(JsonFieldReader.Child(path, "to"), $"makes the link's key ({fromHostKey}->{to}) longer than {TwinKeys.MaxKeyLength} characters");
        }

        var link = new LinkObservation
        {
            To = to ?? "",
            Target = f.String(e, path, "target", false, limits.MaxTextLength),
            RttMs = f.Number(e, path, "rttMs", false, 0, 3_600_000),
            JitterMs = f.Number(e, path, "jitterMs", false, 0, 3_600_000),
            LossPercent = f.Number(e, path, "lossPercent", false, 0, 100) ?? 0,
        };
        return to is null ? null : link;
    }

    private string? DeviceName(JsonFieldReader f, JsonElement e, string path, string name) =>
        f.String(e, path, name, true, limits.MaxDeviceNameLength, n => !n.Any(char.IsControl) && !n.Contains(']'), "must not hold control characters or ']'");

    private static double Rate(JsonFieldReader f, JsonElement e, string path, string name, bool required) => f.Number(e, path, name, required, 0, MaxRate) ?? 0;

    private static double? OptionalRate(JsonFieldReader f, JsonElement e, string path, string name) => f.Number(e, path, name, false, 0, MaxRate);

    private static T? Nested<T>(JsonFieldReader f, JsonElement parent, string path, string name, string[] fields, Func<JsonElement, string, T?> read) where T : class
    {
        var nestedPath = JsonFieldReader.Child(path, name);
        return f.TryGet(parent, name, out var nested) ? Object(f, nested, nestedPath, fields, () => read(nested, nestedPath)) : null;
    }

    /// <summary>Checks <paramref name="e"/> is an object with only <paramref name="fields"/>, then reads it.</summary>
    private static T? Object<T>(JsonFieldReader f, JsonElement e, string path, string[] fields, Func<T?> read) where T : class
    {
        if (!f.IsObject(e, path))
        {
            return null;
        }

        f.RejectUnknown(e, path, Set(fields));
        return read();
    }

    private static T? Fail<T>(JsonFieldReader f, string path, string message) where T : class
    {
        f.Fail(path, message);
        return null;
    }

    private static bool IsCollectorId(string id) =>
        char.IsAsciiLetterOrDigit(id[0]) && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-');

    private static IReadOnlySet<string> Set(params string[] names) => new HashSet<string>(names, StringComparer.Ordinal);
}

/// <summary>The batches read, or (when any field is invalid) none and every error.</summary>
public sealed record ObservationReadResult(IReadOnlyList<Observation> Batches, IReadOnlyList<ObservationError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
