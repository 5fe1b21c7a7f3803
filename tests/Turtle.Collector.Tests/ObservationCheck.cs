using System.Text.Json;
using Turtle.Twin.Observations;

namespace Turtle.Collector.Tests;

/// <summary>Serializes an observation the way a shipper sends it and reads it back through the silo's own reader.</summary>
internal static class ObservationCheck
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Serialize(Observation observation) => JsonSerializer.Serialize(observation, Json);

    /// <summary>The errors <see cref="ObservationReader"/> finds in <paramref name="observation"/>, as "path: message" lines.</summary>
    public static List<string> Errors(Observation observation)
    {
        var reader = new ObservationReader(ObservationLimits.Default, new FixedTime(observation.Time));
        using var json = JsonDocument.Parse(Serialize(observation));
        return reader.Read(json.RootElement).Errors.Select(e => e.ToString()).ToList();
    }

    /// <summary>Asserts the observation is one the silo accepts.</summary>
    public static void AssertAccepted(Observation observation) => Assert.Empty(Errors(observation));

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
