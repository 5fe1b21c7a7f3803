using Turtle.Actors.Invocation;
using Turtle.Actors.Messaging;
using Turtle.Actors.Serialization;

namespace Turtle.Actors.Networking;

/// <summary>What a connection needs from its owner (a silo or a client) to turn frames into work.</summary>
public interface IMessageHandler : ISerializationContext
{
    /// <summary>An empty request for the method; throws when the interface or method is unknown here.</summary>
    GrainRequest CreateRequest(int interfaceId, int methodId);

    /// <summary>A decoded request for <paramref name="target"/>: arguments read, deadline, correlation and response sink set.</summary>
    void OnRequest(Connection connection, GrainId target, GrainRequest request);

    /// <summary>The connection closed; its outstanding calls have already failed or been handed to <see cref="TryRedeliver"/>.</summary>
    void OnClosed(Connection connection, Exception? reason);

    /// <summary>
    /// An idempotent call was waiting on a connection that closed: true when the owner takes it over (to run it
    /// again elsewhere), false to fail it with the connection's loss.
    /// </summary>
    bool TryRedeliver(SiloAddress peer, GrainId target, GrainRequest request) => false;

    /// <summary>
    /// <paramref name="peer"/> answered that it does not host <paramref name="target"/> (<see cref="GrainMovedException"/>):
    /// true when the owner routes the call again (once), false to deliver the failure.
    /// </summary>
    bool TryReroute(SiloAddress peer, GrainId target, GrainRequest request) => false;
}

/// <summary>The connection to a silo or client closed before the response arrived.</summary>
public sealed class ConnectionLostException(string message, Exception? innerException = null) : Exception(message, innerException);
