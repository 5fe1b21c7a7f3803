using System.Runtime.CompilerServices;
using System.Text.Json;
using Turtle.Actors.Invocation;

namespace Turtle.Actors.Serialization;

/// <summary>
/// Encodes values of a statically known type: primitives as fixed-width binary (the type tests below are
/// resolved by the JIT per value type), grain references as their grain id, everything else as JSON.
/// Generated request classes call this once per argument and result.
/// </summary>
public static class ValueCodec<T>
{
    private static readonly bool IsReference = typeof(IAddressable).IsAssignableFrom(typeof(T));

    public static void Write(MessageWriter writer, T value)
    {
        if (typeof(T) == typeof(int)) writer.WriteInt32(Unsafe.As<T, int>(ref value));
        else if (typeof(T) == typeof(long)) writer.WriteInt64(Unsafe.As<T, long>(ref value));
        else if (typeof(T) == typeof(bool)) writer.WriteBoolean(Unsafe.As<T, bool>(ref value));
        else if (typeof(T) == typeof(double)) writer.WriteDouble(Unsafe.As<T, double>(ref value));
        else if (typeof(T) == typeof(Guid)) writer.WriteGuid(Unsafe.As<T, Guid>(ref value));
        else if (typeof(T) == typeof(string)) writer.WriteString(Unsafe.As<T, string?>(ref value));
        else if (IsReference) WriteReference(writer, value);
        else WriteJson(writer, value);
    }

    public static T Read(MessageReader reader)
    {
        if (typeof(T) == typeof(int)) { var v = reader.ReadInt32(); return Unsafe.As<int, T>(ref v); }
        if (typeof(T) == typeof(long)) { var v = reader.ReadInt64(); return Unsafe.As<long, T>(ref v); }
        if (typeof(T) == typeof(bool)) { var v = reader.ReadBoolean(); return Unsafe.As<bool, T>(ref v); }
        if (typeof(T) == typeof(double)) { var v = reader.ReadDouble(); return Unsafe.As<double, T>(ref v); }
        if (typeof(T) == typeof(Guid)) { var v = reader.ReadGuid(); return Unsafe.As<Guid, T>(ref v); }
        if (typeof(T) == typeof(string)) { var v = reader.ReadString(); return Unsafe.As<string?, T>(ref v); }
        if (IsReference) return ReadReference(reader);
        return ReadJson(reader);
    }

    private static void WriteReference(MessageWriter writer, T value)
    {
        switch (value)
        {
            case null:
                writer.WriteBoolean(false);
                break;
            case GrainReference reference:
                writer.WriteBoolean(true);
                GrainIdCodec.Write(writer, reference.GrainId);
                break;
            default:
                throw new ArgumentException(
                    $"A {value.GetType().Name} was passed where {typeof(T).Name} is expected; pass a grain reference, or an observer made with IGrainFactory.CreateObjectReference.");
        }
    }

    private static T ReadReference(MessageReader reader)
    {
        if (!reader.ReadBoolean())
        {
            return default!;
        }

        var id = GrainIdCodec.Read(reader);
        var context = reader.Context ?? throw new MessageFormatException($"A grain reference ({typeof(T).Name}) arrived where none can be made.");
        return (T)context.CreateReference(typeof(T), id);
    }

    private static void WriteJson(MessageWriter writer, T value)
    {
        var lengthAt = writer.ReserveInt32();
        var start = writer.Length;
        using (var json = new Utf8JsonWriter(writer))
        {
            JsonSerializer.Serialize(json, value, WireJson.Options);
        }

        writer.PatchInt32(lengthAt, writer.Length - start);
    }

    private static T ReadJson(MessageReader reader)
    {
        var bytes = reader.ReadBytes();
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, WireJson.Options)!;
        }
        catch (JsonException exception)
        {
            throw new MessageFormatException($"A {typeof(T).Name} value could not be decoded: {exception.Message}");
        }
    }
}

/// <summary>The JSON settings for values that have no binary encoding. Change them before the first call.</summary>
public static class WireJson
{
    public static JsonSerializerOptions Options { get; set; } = new(JsonSerializerDefaults.General) { IncludeFields = false };
}

public static class GrainIdCodec
{
    public static void Write(MessageWriter writer, GrainId id)
    {
        writer.WriteString(id.Type);
        writer.WriteString(id.Key);
    }

    public static GrainId Read(MessageReader reader) => new(reader.ReadRequiredString(), reader.ReadRequiredString());
}
