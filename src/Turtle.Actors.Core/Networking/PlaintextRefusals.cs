using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Turtle.Actors.Networking;

/// <summary>
/// Logs a refused plaintext peer at warning once per address (a misconfigured silo retries every few seconds; one line
/// says enough), then at debug. The set is bounded: past 1,024 addresses it starts over.
/// </summary>
internal sealed class PlaintextRefusals
{
    private const int MaxRemembered = 1024;
    private readonly ConcurrentDictionary<string, byte> _warned = new(StringComparer.Ordinal);

    public void Log(ILogger logger, string peer)
    {
        if (_warned.Count >= MaxRemembered)
        {
            _warned.Clear();
        }

        if (_warned.TryAdd(peer, 0))
        {
            logger.LogWarning(
                "Refused a plaintext connection from {Peer}: TLS is required on this port (Turtle:Networking:Tls:Required). " +
                "Configure Turtle:Networking:Tls (silos) or Turtle:Client:Tls (clients) there. Further attempts from this address are logged at debug level.",
                peer);
        }
        else
        {
            logger.LogDebug("Refused another plaintext connection from {Peer}.", peer);
        }
    }
}

/// <summary>A connection refused because it did not start with TLS on a port that requires it.</summary>
internal sealed class PlaintextRefusedException(string message) : IOException(message);
