using Turtle.Actors.Serialization;

namespace Turtle.Actors.Messaging;

/// <summary>
/// The first frame each side sends on a new connection: protocol magic and version, the cluster id, and who the
/// sender is (a silo address, or a client with generation 0). A peer from another cluster or protocol is refused.
/// </summary>
public sealed record Handshake(string ClusterId, SiloAddress Sender)
{
    public const int Magic = 0x4C_54_52_54; // "TRTL"
    public const byte Version = 1;

    public void Write(MessageWriter writer)
    {
        writer.WriteInt32(Magic);
        writer.WriteByte(Version);
        writer.WriteString(ClusterId);
        writer.WriteString(Sender.Host);
        writer.WriteInt32(Sender.Port);
        writer.WriteInt64(Sender.Generation);
    }

    public static Handshake Read(MessageReader reader)
    {
        if (reader.ReadInt32() != Magic)
        {
            throw new MessageFormatException("The peer does not speak the Turtle.Actors protocol.");
        }

        var version = reader.ReadByte();
        if (version != Version)
        {
            throw new MessageFormatException($"The peer speaks protocol version {version}; this process speaks {Version}.");
        }

        var clusterId = reader.ReadRequiredString();
        return new Handshake(clusterId, new SiloAddress(reader.ReadRequiredString(), reader.ReadInt32(), reader.ReadInt64()));
    }
}
