using System.Buffers.Binary;
using System.Text;

namespace Turtle.Actors.Serialization;

/// <summary>
/// Reads what <see cref="MessageWriter"/> wrote, from one contiguous frame. Reading past the end throws
/// <see cref="MessageFormatException"/>, so a truncated or hostile frame never yields garbage values.
/// </summary>
public sealed class MessageReader
{
    private ReadOnlyMemory<byte> _frame;
    private int _position;

    public MessageReader(ReadOnlyMemory<byte> frame, ISerializationContext? context = null)
    {
        _frame = frame;
        Context = context;
    }

    /// <summary>Turns grain ids back into references; null where no references are expected.</summary>
    public ISerializationContext? Context { get; }

    public int Remaining => _frame.Length - _position;

    public void Reset(ReadOnlyMemory<byte> frame)
    {
        _frame = frame;
        _position = 0;
    }

    public byte ReadByte() => Take(1)[0];

    public bool ReadBoolean() => ReadByte() != 0;

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public Guid ReadGuid() => new(Take(16));

    public string? ReadString()
    {
        var length = ReadInt32();
        return length switch
        {
            -1 => null,
            < -1 => throw new MessageFormatException($"Negative string length {length}."),
            _ => Encoding.UTF8.GetString(Take(length)),
        };
    }

    public string ReadRequiredString() => ReadString() ?? throw new MessageFormatException("A required string was null.");

    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadInt32();
        return length < 0 ? throw new MessageFormatException($"Negative byte length {length}.") : Take(length);
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if ((uint)count > (uint)Remaining)
        {
            throw new MessageFormatException($"Message truncated: needed {count} bytes at offset {_position}, {Remaining} remain.");
        }

        var span = _frame.Span.Slice(_position, count);
        _position += count;
        return span;
    }
}

/// <summary>A frame could not be decoded: truncated, oversized or malformed.</summary>
public sealed class MessageFormatException(string message) : Exception(message);

/// <summary>What decoding needs from its surroundings: making grain references from ids.</summary>
public interface ISerializationContext
{
    IAddressable CreateReference(Type grainInterface, GrainId grainId);
}
