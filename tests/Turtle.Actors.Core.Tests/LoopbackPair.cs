using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Turtle.Actors.Configuration;
using Turtle.Actors.Invocation;
using Turtle.Actors.Manifest;
using Turtle.Actors.Messaging;
using Turtle.Actors.Networking;

namespace Turtle.Actors.Core.Tests;

/// <summary>
/// A server that answers <see cref="ICallGrain"/> calls on a loopback port and a client connection to it: the
/// transport alone, without silos.
/// </summary>
internal sealed class LoopbackPair : IMessageHandler, IGrainCallInvoker, IAsyncDisposable
{
    private readonly GrainTypeManifest _manifest = new();
    private readonly ConnectionListener _listener;

    private LoopbackPair(ConnectionOptions serverOptions, TimeProvider time, Microsoft.Extensions.Logging.ILoggerFactory? serverLoggers, bool acceptsSilos = false)
    {
        _manifest.AddAssembly(typeof(ICallGrain).Assembly);
        serverLoggers ??= NullLoggerFactory.Instance;
        var establisher = new ConnectionEstablisher(new Handshake("test", new SiloAddress("127.0.0.1", 1, 1)), serverOptions, time, serverLoggers);
        _listener = new ConnectionListener(new IPEndPoint(IPAddress.Loopback, 0), establisher, this, c => ServerConnections.Add(c), serverLoggers.CreateLogger("listener"), acceptsSilos);
    }

    public List<Connection> ServerConnections { get; } = [];

    public Connection Client { get; private set; } = null!;

    public int Port => _listener.Endpoint.Port;

    public IGrainFactory GrainFactory => throw new NotSupportedException();

    public static async Task<LoopbackPair> StartAsync(ConnectionOptions? server = null, ConnectionOptions? client = null, TimeProvider? time = null, Microsoft.Extensions.Logging.ILoggerFactory? serverLoggers = null)
    {
        time ??= TimeProvider.System;
        var pair = new LoopbackPair(server ?? new ConnectionOptions(), time, serverLoggers) { Time = time };
        pair.Client = await pair.ConnectAsync(client ?? new ConnectionOptions(), time);
        return pair;
    }

    /// <summary>A server alone, for tests whose first connection is meant to fail; <paramref name="acceptsSilos"/> makes it a silo-to-silo port.</summary>
    public static LoopbackPair Listen(ConnectionOptions server, Microsoft.Extensions.Logging.ILoggerFactory? serverLoggers = null, bool acceptsSilos = false) =>
        new(server, TimeProvider.System, serverLoggers, acceptsSilos);

    public Task<Connection> ConnectAsync(ConnectionOptions options, TimeProvider? time = null, string clusterId = "test") =>
        new ConnectionEstablisher(new Handshake(clusterId, new SiloAddress("client-test", 0, 0)), options, time ?? TimeProvider.System, NullLoggerFactory.Instance)
            .ConnectAsync("127.0.0.1", Port, this, CancellationToken.None);

    /// <summary>A reference whose calls travel over <see cref="Client"/>.</summary>
    public ICallGrain Grain(string key) => (ICallGrain)_manifest.CreateReference(typeof(ICallGrain), new GrainId("call", key), this);

    public TimeProvider Time { get; private set; } = TimeProvider.System;

    void IGrainCallInvoker.Invoke(GrainReference target, GrainRequest request)
    {
        if (GrainCallContext.ResponseTimeout is { } timeout)
        {
            request.DeadlineTimestamp = Time.GetTimestamp() + (long)(timeout.TotalSeconds * Time.TimestampFrequency);
        }

        Client.SendRequest(request, target.GrainId, InterfaceIds.Get(target.InterfaceType));
    }

    GrainRequest IMessageHandler.CreateRequest(int interfaceId, int methodId) => _manifest.CreateRequest(interfaceId, methodId);

    void IMessageHandler.OnRequest(Connection connection, GrainId target, GrainRequest request) => _ = RunAsync(request);

    private static async Task RunAsync(GrainRequest request)
    {
        await request.InvokeAsync(new EchoGrain());
        request.Respond();
    }

    void IMessageHandler.OnClosed(Connection connection, Exception? reason)
    {
    }

    IAddressable Serialization.ISerializationContext.CreateReference(Type grainInterface, GrainId grainId) =>
        _manifest.CreateReference(grainInterface, grainId, this);

    public async ValueTask DisposeAsync()
    {
        Client?.Close();
        await _listener.DisposeAsync();
    }

    private sealed class EchoGrain : ICallGrain
    {
        public Task<int> Add(int a, int b) => Task.FromResult(a + b);

        public Task<string> Add(string a, string b) => Task.FromResult(a + b);

        public Task<T> Echo<T>(T value) => Task.FromResult(value);

        public ValueTask<int> ValueAdd(int a, int b) => ValueTask.FromResult(a + b);

        public Task Throw(string message) => throw new TemperatureOutOfRangeException(message);

        public Task ThrowSynchronously(string message) => throw new ArgumentException(message);

        public Task Wait(string gate, CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);

        public Task WaitBriefly(string gate) => Task.Delay(Timeout.Infinite);

        public Task Notify(string entry) => Task.CompletedTask;

        public Task<string> CallOther(string otherKey) => Task.FromResult(new string('x', int.Parse(otherKey, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
