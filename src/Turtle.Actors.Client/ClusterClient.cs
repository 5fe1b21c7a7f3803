using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Turtle.Actors.Configuration;
using Turtle.Actors.Invocation;
using Turtle.Actors.Manifest;
using Turtle.Actors.Messaging;
using Turtle.Actors.Networking;

namespace Turtle.Actors.Client;

/// <summary>
/// A connection to a Turtle.Actors cluster from outside it. Calls go to one gateway silo, which routes them to the
/// silo hosting each grain; when that gateway dies, the client fails over to another it learned from the cluster.
/// Grain references and observers work exactly as inside a silo.
/// <code>await using var client = await ClusterClient.ConnectAsync(new ClusterClientOptions { Gateways = ["10.0.1.5:30000"] });
/// var host = client.GetGrain&lt;IHostGrain&gt;("dc1/udm-pro");</code>
/// </summary>
public sealed class ClusterClient : IGrainFactory, IGrainCallInvoker, IMessageHandler, IAsyncDisposable
{
    private readonly ClusterClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly GrainTypeManifest _manifest = new();
    private readonly ConnectionEstablisher _establisher;
    private readonly GatewayList _gateways;
    private readonly ConcurrentDictionary<GrainId, ClientObserverMailbox> _observers = new();
    private readonly SemaphoreSlim _reconnecting = new(1, 1);
    private readonly CancellationTokenSource _disposed = new();
    private volatile Connection? _connection;
    private volatile Dictionary<int, string> _grainTypes = [];
    private ITimer? _maintenance;
    private long _lastRefresh;

    public ClusterClient(IOptions<ClusterClientOptions> options, TimeProvider? time = null, ILoggerFactory? loggers = null)
    {
        _options = options.Value;
        _time = time ?? TimeProvider.System;
        var loggerFactory = loggers ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger<ClusterClient>();
        ClientId = $"client-{Guid.NewGuid():N}";
        _establisher = new ConnectionEstablisher(new Handshake(_options.ClusterId, new SiloAddress(ClientId, 0, 0)),
            new ConnectionOptions { Tls = _options.Tls }, _time, loggerFactory);
        _gateways = new GatewayList(_options.Gateways);
    }

    /// <summary>This client's identity in the cluster (observers it creates carry it).</summary>
    public string ClientId { get; }

    /// <summary>The gateway silo currently serving this client, if connected.</summary>
    public SiloAddress? Gateway => _connection?.Peer;

    /// <summary>Whether a gateway connection is open now (a host's readiness check: it can serve calls without waiting for a reconnect).</summary>
    public bool IsConnected => _connection is { IsClosed: false };

    /// <summary>Raised after the client connected to a (new) gateway. Observers made before must subscribe again.</summary>
    public event Action<SiloAddress>? GatewayChanged;

    IGrainFactory IGrainCallInvoker.GrainFactory => this;

    /// <summary>Creates a client and connects it (see <see cref="ConnectAsync(CancellationToken)"/>).</summary>
    public static async Task<ClusterClient> ConnectAsync(ClusterClientOptions options, CancellationToken cancellationToken = default)
    {
        var client = new ClusterClient(Options.Create(options));
        await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
        return client;
    }

    /// <summary>Connects to the first gateway that answers, retrying for <c>ConnectRetryLimit</c>, and loads the cluster manifest.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        await EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);
        var period = TimeSpan.FromSeconds(1);
        _maintenance ??= _time.CreateTimer(_ => Maintain(), null, period, period);
    }

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey) where TGrainInterface : IGrainWithStringKey =>
        Create<TGrainInterface>(primaryKey);

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey) where TGrainInterface : IGrainWithGuidKey =>
        Create<TGrainInterface>(GrainKeys.FromGuid(primaryKey));

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey) where TGrainInterface : IGrainWithIntegerKey =>
        Create<TGrainInterface>(GrainKeys.FromInteger(primaryKey));

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId) where TGrainInterface : IAddressable =>
        (TGrainInterface)_manifest.CreateReference(typeof(TGrainInterface), grainId, this);

    public TObserverInterface CreateObjectReference<TObserverInterface>(IGrainObserver observer) where TObserverInterface : IGrainObserver
    {
        var gateway = _connection?.Peer ?? throw new InvalidOperationException("The client is not connected; call ConnectAsync first.");
        var id = ObserverIds.Create(gateway, ClientId);
        _observers[id] = new ClientObserverMailbox(observer);
        return GetGrain<TObserverInterface>(id);
    }

    public void DeleteObjectReference<TObserverInterface>(IGrainObserver reference) where TObserverInterface : IGrainObserver
    {
        if (reference is GrainReference grainReference && _observers.TryRemove(grainReference.GrainId, out var mailbox))
        {
            mailbox.Close();
        }
    }

    void IGrainCallInvoker.Invoke(GrainReference target, GrainRequest request)
    {
        if (!request.IsOneWay)
        {
            var timeout = request.ResponseTimeout ?? GrainCallContext.ResponseTimeout ?? _options.ResponseTimeout;
            request.DeadlineTimestamp = _time.GetTimestamp() + (long)(timeout.TotalSeconds * _time.TimestampFrequency);
        }

        var interfaceId = InterfaceIds.Get(target.InterfaceType);
        request.InterfaceId = interfaceId;
        if (_connection is { IsClosed: false } connection)
        {
            connection.SendRequest(request, target.GrainId, interfaceId);
        }
        else
        {
            _ = SendAfterReconnectAsync(request, target.GrainId, interfaceId);
        }
    }

    private async Task SendAfterReconnectAsync(GrainRequest request, GrainId target, int interfaceId)
    {
        try
        {
            var connection = await EnsureConnectedAsync(_disposed.Token).ConfigureAwait(false);
            connection.SendRequest(request, target, interfaceId);
        }
        catch (Exception exception)
        {
            request.TryFail(new SiloUnavailableException($"No gateway of cluster '{_options.ClusterId}' is reachable: {exception.Message}"));
        }
    }

    private async Task<Connection> EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        if (_connection is { IsClosed: false } current)
        {
            return current;
        }

        await _reconnecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connection is { IsClosed: false } connected)
            {
                return connected;
            }

            var connection = await ConnectToAnyGatewayAsync(cancellationToken).ConfigureAwait(false);
            _connection = connection;
            await RefreshManifestAsync(connection).ConfigureAwait(false);
            GatewayChanged?.Invoke(connection.Peer);
            return connection;
        }
        finally
        {
            _reconnecting.Release();
        }
    }

    private async Task<Connection> ConnectToAnyGatewayAsync(CancellationToken cancellationToken)
    {
        var deadline = _time.GetTimestamp() + (long)(_options.ConnectRetryLimit.TotalSeconds * _time.TimestampFrequency);
        var failures = new List<string>();
        while (true)
        {
            foreach (var gateway in _gateways.InTryOrder())
            {
                try
                {
                    var connection = await _establisher.ConnectAsync(gateway.Host, gateway.Port, this, cancellationToken).ConfigureAwait(false);
                    _gateways.MarkGood(gateway);
                    _logger.LogInformation("Connected to gateway {Gateway} ({Silo})", gateway, connection.Peer);
                    return connection;
                }
                catch (ConnectionLostException exception)
                {
                    _gateways.MarkBad(gateway);
                    failures.Add(exception.Message);
                }
            }

            if (_time.GetTimestamp() >= deadline)
            {
                throw new SiloUnavailableException($"Could not connect to any gateway ({string.Join("; ", failures.Distinct())}).");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RefreshManifestAsync(Connection connection)
    {
        var provider = GetGrain<IClusterManifestProvider>(ClusterManifestProvider.Id);
        var manifest = await provider.GetManifest().ConfigureAwait(false);
        _grainTypes = manifest.GrainTypes;
        _gateways.Learn(manifest.Gateways);
        _lastRefresh = _time.GetTimestamp();
    }

    private void Maintain()
    {
        if (_connection is { } connection)
        {
            connection.CheckHealth(_time.GetTimestamp());
            if (!connection.IsClosed && _time.GetElapsedTime(_lastRefresh) >= _options.RefreshInterval)
            {
                _lastRefresh = _time.GetTimestamp();
                _ = RefreshQuietlyAsync(connection);
            }
        }
    }

    private async Task RefreshQuietlyAsync(Connection connection)
    {
        try
        {
            await RefreshManifestAsync(connection).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            _logger.LogDebug(exception, "Refreshing the cluster manifest failed");
        }
    }

    private TGrainInterface Create<TGrainInterface>(string key) where TGrainInterface : IAddressable
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!_grainTypes.TryGetValue(InterfaceIds.Get(typeof(TGrainInterface)), out var grainType))
        {
            throw new InvalidOperationException(_connection is null
                ? "The client is not connected; call ConnectAsync first."
                : $"The cluster has no grain class implementing {typeof(TGrainInterface).FullName}.");
        }

        return (TGrainInterface)_manifest.CreateReference(typeof(TGrainInterface), new GrainId(grainType, key), this);
    }

    GrainRequest IMessageHandler.CreateRequest(int interfaceId, int methodId) => _manifest.CreateRequest(interfaceId, methodId);

    void IMessageHandler.OnRequest(Connection connection, GrainId target, GrainRequest request)
    {
        if (_observers.TryGetValue(target, out var mailbox))
        {
            mailbox.Post(request);
        }
        else
        {
            request.TryFail(new ObserverNotFoundException(target));
        }
    }

    bool IMessageHandler.TryRedeliver(SiloAddress peer, GrainId target, GrainRequest request)
    {
        // The gateway died mid-call: an idempotent call is sent again through the next gateway, which routes it.
        if (request.Redelivered || _disposed.IsCancellationRequested)
        {
            return false;
        }

        request.Redelivered = true;
        _ = SendAfterReconnectAsync(request, target, request.InterfaceId);
        return true;
    }

    void IMessageHandler.OnClosed(Connection connection, Exception? reason)
    {
        if (ReferenceEquals(_connection, connection) && !_disposed.IsCancellationRequested)
        {
            _logger.LogWarning("Lost gateway {Silo}: {Reason}; reconnecting", connection.Peer, reason?.Message);
            _ = ReconnectQuietlyAsync();
        }
    }

    private async Task ReconnectQuietlyAsync()
    {
        try
        {
            await EnsureConnectedAsync(_disposed.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            _logger.LogWarning("Reconnecting failed: {Reason}", exception.Message);
        }
    }

    IAddressable Serialization.ISerializationContext.CreateReference(Type grainInterface, GrainId grainId) =>
        _manifest.CreateReference(grainInterface, grainId, this);

    public ValueTask DisposeAsync()
    {
        _disposed.Cancel();
        _maintenance?.Dispose();
        _connection?.Close();
        foreach (var mailbox in _observers.Values)
        {
            mailbox.Close();
        }

        return ValueTask.CompletedTask;
    }
}
