namespace Turtle.Actors.Messaging;

/// <summary>The first byte of every frame after the handshake.</summary>
public enum MessageKind : byte
{
    /// <summary>A grain call expecting a response: correlation id, target, interface, method, timeout, arguments.</summary>
    Request = 1,

    /// <summary>A grain call without a response.</summary>
    OneWayRequest = 2,

    /// <summary>The outcome of a request: correlation id, then a result or an exception.</summary>
    Response = 3,

    /// <summary>A liveness probe; answered with <see cref="Pong"/>.</summary>
    Ping = 4,

    Pong = 5,
}
