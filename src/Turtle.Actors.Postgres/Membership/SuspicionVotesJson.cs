using System.Globalization;
using System.Text;
using System.Text.Json;
using Turtle.Actors.Messaging;
using Turtle.Actors.Runtime.Membership;

namespace Turtle.Actors.Postgres.Membership;

/// <summary>
/// The <c>suspicion_votes</c> column: a JSON array of voters and times, written and read by hand so the stored shape
/// is fixed here rather than by a serializer's conventions. Times keep full precision as round-trip strings.
/// </summary>
internal static class SuspicionVotesJson
{
    public static string Write(IReadOnlyList<SuspicionVote> votes)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var vote in votes)
            {
                writer.WriteStartObject();
                writer.WriteString("host", vote.Voter.Host);
                writer.WriteNumber("port", vote.Voter.Port);
                writer.WriteNumber("generation", vote.Voter.Generation);
                writer.WriteString("time", vote.Time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static IReadOnlyList<SuspicionVote> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var votes = new List<SuspicionVote>(document.RootElement.GetArrayLength());
        foreach (var vote in document.RootElement.EnumerateArray())
        {
            var voter = new SiloAddress(vote.GetProperty("host").GetString()!, vote.GetProperty("port").GetInt32(), vote.GetProperty("generation").GetInt64());
            votes.Add(new SuspicionVote(voter, DateTimeOffset.Parse(vote.GetProperty("time").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)));
        }

        return votes;
    }
}
