using System.Text.Json;
using System.Text.Json.Serialization;

namespace Turtle.Collector.Agent;

/// <summary>
/// How observations are written, in the buffer and so on the wire: the silo's reader expects camelCase names and
/// treats null as absent, so nulls are left out (smaller lines, and the same JSON the embedded collector checks).
/// </summary>
public static class ObservationJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
}
