using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Turtle.Actors.Invocation;
using Turtle.Actors.Manifest;
using Turtle.Actors.Messaging;
using Turtle.Actors.Networking;
using Turtle.Actors.Runtime.Membership;

namespace Turtle.Actors.Runtime.Messaging;

/// <summary>
/// This silo's connections to its peers: listens for them, opens them on demand (one connect in flight per peer),
/// keeps one preferred connection per peer, and hands arriving requests to the local dispatcher. It is also the
/// membership protocol's prober (a ping over the peer's connection).
/// </summary>
internal sealed class SiloConnections(
    ConnectionEstablisher establisher,
    GrainTypeManifest manifest,
    Func<GrainCallDispatcher> dispatcher,
    TimeProvider time,
    ILogger logger) : IMessageHandler, ISiloProber, IAsyncDisposable
{
    private readonly ConcurrentDictionary<SiloAddress, Connection> _connections = new();
    private readonly ConcurrentDictionary<SiloAddress, Lazy<Task<Connection>>> _connecting = new();
    private readonly ConcurrentDictionary<Connection, byte> _all = new();
    private readonly ConcurrentDictionary<string, Connection> _clients = new(StringComparer.Ordinal);
    private ConnectionListener? _listener;
    private ConnectionListener? _gatewayListener;

    public SiloAddress LocalSilo => establisher.Local.Sender;

    public IPEndPoint? ListeningOn => _listener?.Endpoint;

    public IPEndPoint? GatewayListeningOn => _gatewayListener?.Endpoint;

    public void Listen(IPEndPoint endpoint) =>
        _listener = new ConnectionListener(endpoint, establisher, this, Register, logger, acceptsSilos: true);

    /// <summary>Accepts clients on the gateway port; their calls are routed into the cluster from here.</summary>
    public void ListenGateway(IPEndPoint endpoint) =>
        _gatewayListener = new ConnectionListener(endpoint, establisher, this, RegisterClient, logger);

    /// <summary>The connection of a client connected to this gateway, by client id.</summary>
    public Connection? TryGetClient(string clientId) =>
        _clients.TryGetValue(clientId, out var connection) && !connection.IsClosed ? connection : null;

    // Clients introduce themselves with port 0: they accept no connections of their own.
    private static bool IsClient(Connection connection) => connection.Peer.Port == 0;

    private void RegisterClient(Connection connection)
    {
        if (!IsClient(connection))
        {
            connection.Close(new ConnectionLostException($"{connection.Peer} connected to the gateway port but is not a client."));
            return;
        }

        _all[connection] = 0;
        _clients[connection.Peer.Host] = connection;
    }

    /// <summary>The open connection to <paramref name="silo"/>, if there is one (no waiting).</summary>
    public Connection? TryGet(SiloAddress silo) =>
        _connections.TryGetValue(silo, out var connection) && !connection.IsClosed ? connection : null;

    public async Task<Connection> GetAsync(SiloAddress silo, CancellationToken cancellationToken = default)
    {
        if (TryGet(silo) is { } existing)
        {
            return existing;
        }

        var connecting = _connecting.GetOrAdd(silo, target => new Lazy<Task<Connection>>(() => ConnectAsync(target)));
        try
        {
            return await connecting.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _connecting.TryRemove(new KeyValuePair<SiloAddress, Lazy<Task<Connection>>>(silo, connecting));
        }
    }

    private async Task<Connection> ConnectAsync(SiloAddress silo)
    {
        var connection = await establisher.ConnectAsync(silo.Host, silo.Port, this, CancellationToken.None).ConfigureAwait(false);
        if (connection.Peer != silo)
        {
            connection.Close(new ConnectionLostException($"Expected {silo} but {connection.Peer} answered (the silo restarted)."));
            throw new ConnectionLostException($"Silo {silo} is gone: {connection.Peer} now listens at its address.");
        }

        Register(connection);
        return connection;
    }

    private void Register(Connection connection)
    {
        _all[connection] = 0;
        // Either side's connection serves calls both ways; when both sides connected at once, the first stays preferred.
        _connections.AddOrUpdate(connection.Peer, connection, (_, current) => current.IsClosed ? connection : current);
    }

    /// <summary>Closes connections to a silo membership declared dead, failing its pending calls at once.</summary>
    public void Disconnect(SiloAddress silo)
    {
        foreach (var connection in _all.Keys.Where(c => c.Peer == silo))
        {
            connection.Close(new ConnectionLostException($"Silo {silo} was declared dead."));
        }
    }

    public void CheckHealth()
    {
        var now = time.GetTimestamp();
        foreach (var connection in _all.Keys)
        {
            connection.CheckHealth(now);
        }
    }

    public async Task<bool> ProbeAsync(SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await GetAsync(target, cancellationToken).WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
            return await connection.ProbeAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is ConnectionLostException or TimeoutException)
        {
            return false;
        }
    }

    GrainRequest IMessageHandler.CreateRequest(int interfaceId, int methodId) => manifest.CreateRequest(interfaceId, methodId);

    void IMessageHandler.OnRequest(Connection connection, GrainId target, GrainRequest request)
    {
        if (IsClient(connection))
        {
            // A client does not know where grains live; its gateway finds out.
            dispatcher().Route(target, request);
        }
        else
        {
            dispatcher().Dispatch(target, request);
        }
    }

    bool IMessageHandler.TryRedeliver(SiloAddress peer, GrainId target, GrainRequest request) => dispatcher().Redeliver(peer, target, request);

    bool IMessageHandler.TryReroute(SiloAddress peer, GrainId target, GrainRequest request) => dispatcher().Reroute(target, request);

    void IMessageHandler.OnClosed(Connection connection, Exception? reason)
    {
        _all.TryRemove(connection, out _);
        _connections.TryRemove(new KeyValuePair<SiloAddress, Connection>(connection.Peer, connection));
        _clients.TryRemove(new KeyValuePair<string, Connection>(connection.Peer.Host, connection));
    }

    IAddressable Serialization.ISerializationContext.CreateReference(Type grainInterface, GrainId grainId) =>
        manifest.CreateReference(grainInterface, grainId, dispatcher());

    public async ValueTask DisposeAsync()
    {
        if (_listener is not null)
        {
            await _listener.DisposeAsync().ConfigureAwait(false);
        }

        if (_gatewayListener is not null)
        {
            await _gatewayListener.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var connection in _all.Keys)
        {
            connection.Close();
        }
    }
}
