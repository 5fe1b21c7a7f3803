using Npgsql;
using NpgsqlTypes;
using Turtle.Actors.Messaging;
using Turtle.Actors.Runtime.Membership;

namespace Turtle.Actors.Postgres.Membership;

/// <summary>Between <see cref="MembershipEntry"/> and a <c>turtle_silos</c> row: the parameters of a write and the columns of a read.</summary>
internal static class MembershipRowMapping
{
    /// <summary>The columns <see cref="ReadEntry"/> expects, in order, as a select list.</summary>
    public const string Columns =
        "s.address, s.port, s.generation, s.silo_name, s.host_name, s.dc, s.role, s.status, s.gateway_port, s.suspicion_votes::text, s.start_time, s.i_am_alive_time, s.etag";

    /// <summary>Adds the row's key (<c>@address</c>, <c>@port</c>, <c>@generation</c>).</summary>
    public static void AddKey(NpgsqlParameterCollection parameters, SiloAddress silo)
    {
        parameters.AddWithValue("address", silo.Host);
        parameters.AddWithValue("port", silo.Port);
        parameters.AddWithValue("generation", silo.Generation);
    }

    /// <summary>Adds the key and every other column of <paramref name="entry"/> as parameters named after the columns.</summary>
    public static void AddEntry(NpgsqlParameterCollection parameters, MembershipEntry entry)
    {
        AddKey(parameters, entry.Address);
        parameters.AddWithValue("silo_name", entry.SiloName);
        parameters.AddWithValue("host_name", entry.HostName);
        parameters.AddWithValue("dc", entry.Dc);
        parameters.AddWithValue("role", entry.Role);
        parameters.AddWithValue("status", entry.Status.ToString());
        parameters.AddWithValue("gateway_port", entry.GatewayPort);
        parameters.Add(new NpgsqlParameter("suspicion_votes", NpgsqlDbType.Jsonb) { Value = SuspicionVotesJson.Write(entry.Suspicions) });
        // timestamptz takes UTC only (Npgsql refuses other offsets rather than guess).
        parameters.AddWithValue("start_time", entry.StartTime.ToUniversalTime());
        parameters.AddWithValue("i_am_alive_time", entry.IAmAliveTime.ToUniversalTime());
    }

    /// <summary>Reads the row whose columns start at <paramref name="first"/> (see <see cref="Columns"/>).</summary>
    public static (MembershipEntry Entry, string ETag) ReadEntry(NpgsqlDataReader reader, int first)
    {
        var entry = new MembershipEntry
        {
            Address = new SiloAddress(reader.GetString(first), reader.GetInt32(first + 1), reader.GetInt64(first + 2)),
            SiloName = reader.GetString(first + 3),
            HostName = reader.GetString(first + 4),
            Dc = reader.GetString(first + 5),
            Role = reader.GetString(first + 6),
            Status = Enum.Parse<SiloMembershipStatus>(reader.GetString(first + 7)),
            GatewayPort = reader.GetInt32(first + 8),
            Suspicions = SuspicionVotesJson.Read(reader.GetString(first + 9)),
            StartTime = reader.GetFieldValue<DateTimeOffset>(first + 10),
            IAmAliveTime = reader.GetFieldValue<DateTimeOffset>(first + 11),
        };
        return (entry, reader.GetGuid(first + 12).ToString("N"));
    }
}
