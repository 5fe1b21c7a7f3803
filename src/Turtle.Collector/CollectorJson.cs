using System.Text.Json;
using System.Text.Json.Serialization;
using Turtle.Collector.Buffering;
using Turtle.Twin.Observations;

namespace Turtle.Collector;

/// <summary>
/// How the collector writes JSON, in the buffer and so on the wire: the silo's reader expects camelCase names and
/// treats null as absent, so nulls are left out (smaller lines, and the same JSON the embedded collector checks).
/// Source-generated, so the collector publishes as a native executable (no JIT, no reflection: a small resident set
/// on small devices) and serializing a sample builds no metadata at run time.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Observation))]
[JsonSerializable(typeof(BufferState))]
internal sealed partial class CollectorJson : JsonSerializerContext;
