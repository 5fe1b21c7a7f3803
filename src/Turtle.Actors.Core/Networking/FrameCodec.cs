using System.Buffers;
using System.Buffers.Binary;
using Turtle.Actors.Serialization;

namespace Turtle.Actors.Networking;

/// <summary>Length-prefixed frames: a little-endian int32 body length, then the body.</summary>
internal static class FrameCodec
{
    /// <summary>Takes one whole frame off the front of <paramref name="buffer"/>, if one has arrived.</summary>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxFrameSize, out ReadOnlySequence<byte> frame)
    {
        frame = default;
        if (buffer.Length < 4)
        {
            return false;
        }

        Span<byte> prefix = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(prefix);
        var length = BinaryPrimitives.ReadInt32LittleEndian(prefix);
        if (length < 0 || length > maxFrameSize)
        {
            throw new MessageFormatException($"Frame of {length} bytes exceeds the limit of {maxFrameSize} bytes.");
        }

        if (buffer.Length < 4 + length)
        {
            return false;
        }

        frame = buffer.Slice(4, length);
        buffer = buffer.Slice(4 + length);
        return true;
    }

    /// <summary>Starts a frame in <paramref name="writer"/>; returns the position of its length prefix.</summary>
    public static int BeginFrame(MessageWriter writer) => writer.ReserveInt32();

    public static void EndFrame(MessageWriter writer, int prefixAt) => writer.PatchInt32(prefixAt, writer.Length - prefixAt - 4);
}
