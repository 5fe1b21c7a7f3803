using Turtle.Actors.Invocation;
using Turtle.Actors.Messaging;
using Turtle.Actors.Serialization;

namespace Turtle.Actors.Networking;

/// <summary>
/// Frame layouts. Every frame: kind (1 byte), correlation id (8). Requests add the target grain id, interface id,
/// method id, remaining timeout in milliseconds (0: none) and the arguments; responses add the outcome.
/// </summary>
internal static class MessageEncoder
{
    public static void Encode(MessageWriter writer, MessageKind kind, long correlationId, GrainRequest? request, GrainId target, int interfaceId, TimeProvider time)
    {
        var frame = FrameCodec.BeginFrame(writer);
        writer.WriteByte((byte)kind);
        writer.WriteInt64(correlationId);
        switch (kind)
        {
            case MessageKind.Request or MessageKind.OneWayRequest:
                GrainIdCodec.Write(writer, target);
                writer.WriteInt32(interfaceId);
                writer.WriteInt32(request!.MethodId);
                writer.WriteInt32(RemainingMilliseconds(request, time));
                request.WriteArguments(writer);
                break;
            case MessageKind.Response when request is not null:
                request.WriteResult(writer);
                break;
        }

        FrameCodec.EndFrame(writer, frame);
    }

    /// <summary>A response frame that carries <paramref name="error"/> (the call could not run or its result could not be encoded).</summary>
    public static void EncodeFailure(MessageWriter writer, long correlationId, Exception error)
    {
        var frame = FrameCodec.BeginFrame(writer);
        writer.WriteByte((byte)MessageKind.Response);
        writer.WriteInt64(correlationId);
        writer.WriteByte(1);
        ExceptionCodec.Write(writer, error);
        FrameCodec.EndFrame(writer, frame);
    }

    // Deadlines travel as time remaining, because the two machines' clocks need not agree.
    private static int RemainingMilliseconds(GrainRequest request, TimeProvider time)
    {
        if (request.DeadlineTimestamp == 0)
        {
            return 0;
        }

        var remaining = time.GetElapsedTime(time.GetTimestamp(), request.DeadlineTimestamp).TotalMilliseconds;
        return (int)Math.Clamp(Math.Ceiling(remaining), 1, int.MaxValue);
    }
}
