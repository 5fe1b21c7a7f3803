using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Turtle.Actors.Configuration;
using Turtle.Actors.Messaging;
using Turtle.Actors.Serialization;

namespace Turtle.Actors.Networking;

/// <summary>
/// Opens and accepts connections: TCP, then one handshake frame each way, then the message loops. <paramref name="faults"/>
/// is a test seam (null in production): a harness that cuts, delays and holds the frames between silos.
/// </summary>
public sealed class ConnectionEstablisher(Handshake local, ConnectionOptions options, TimeProvider time, ILoggerFactory loggers, ITransportFaults? faults = null)
{
    private readonly ILogger _logger = loggers.CreateLogger("Turtle.Actors.Networking");
    private readonly TlsCredentials? _tls = options.Tls is { } tls ? new TlsCredentials(tls) : null;
    private readonly PlaintextRefusals _plaintextRefusals = new();

    public Handshake Local => local;

    public async Task<Connection> ConnectAsync(string host, int port, IMessageHandler handler, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (faults is not null)
            {
                await faults.BeforeConnectAsync(local.Sender, host, port, timeout.Token).ConfigureAwait(false);
            }

            await socket.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
            return await HandshakeAsync(socket, isOutbound: true, handler, peerIsSilo: false, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new ConnectionLostException($"Could not connect to {host}:{port} within {options.ConnectTimeout.TotalSeconds:0.#} s.");
        }
        catch (Exception exception) when (exception is SocketException or IOException)
        {
            socket.Dispose();
            throw new ConnectionLostException($"Could not connect to {host}:{port}: {exception.Message}", exception);
        }
    }

    /// <remarks><c>peerIsSilo</c>: Accepted on the silo-to-silo port: the peer's certificate must also be fit for serverAuth.</remarks>
    public async Task<Connection> AcceptAsync(Socket socket, IMessageHandler handler, CancellationToken cancellationToken, bool peerIsSilo = false)
    {
        socket.NoDelay = true;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            return await HandshakeAsync(socket, isOutbound: false, handler, peerIsSilo, timeout.Token).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<Connection> HandshakeAsync(Socket socket, bool isOutbound, IMessageHandler handler, bool peerIsSilo, CancellationToken cancellationToken)
    {
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        var peer = socket.RemoteEndPoint is IPEndPoint endpoint ? endpoint.Address.ToString() : "peer";
        var useTls = _tls is not null;
        if (_tls is { } tls && !isOutbound)
        {
            // Tell TLS from plaintext by the first bytes: a TLS-required port closes on anything but a ClientHello.
            var first = await ReadFirstBytesAsync(stream, cancellationToken).ConfigureAwait(false);
            stream = new PrefixedStream(stream, first);
            useTls = TlsStreams.LooksLikeClientHello(first);
            if (!useTls && tls.Options.Required)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
                _plaintextRefusals.Log(_logger, peer);
                throw new PlaintextRefusedException($"Refused a plaintext connection from {peer}: TLS is required (Turtle:Networking:Tls:Required).");
            }
        }

        if (useTls)
        {
            try
            {
                stream = await TlsStreams.WrapAsync(stream, _tls!, isOutbound, peer, time, cancellationToken,
                    peerMustAlsoBeServer: peerIsSilo && !isOutbound).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is System.Security.Authentication.AuthenticationException or IOException)
            {
                throw new ConnectionLostException($"TLS with {peer} failed: {exception.Message}", exception);
            }
        }

        var input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024));
        var output = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 64 * 1024));

        using (var writer = new MessageWriter(256))
        {
            var frame = FrameCodec.BeginFrame(writer);
            local.Write(writer);
            FrameCodec.EndFrame(writer, frame);
            await output.WriteAsync(writer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }

        Handshake remote;
        try
        {
            remote = await ReadHandshakeAsync(input, cancellationToken).ConfigureAwait(false);
        }
        catch (System.Security.Authentication.AuthenticationException exception)
        {
            // TLS 1.3: a server that refuses our certificate says so after our side of the handshake completed.
            await stream.DisposeAsync().ConfigureAwait(false);
            throw new ConnectionLostException($"TLS with {peer} failed: {exception.Message}", exception);
        }

        if (!string.Equals(remote.ClusterId, local.ClusterId, StringComparison.Ordinal))
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw new ConnectionLostException($"Refused {remote.Sender}: it belongs to cluster '{remote.ClusterId}', this process to '{local.ClusterId}'.");
        }

        var connection = new Connection(stream, input, output, remote.Sender, isOutbound, options, handler, time, _logger)
        {
            Faults = faults is null ? null : new ConnectionFaults(faults, local.Sender),
        };
        connection.Start();
        return connection;
    }

    private static async Task<byte[]> ReadFirstBytesAsync(Stream stream, CancellationToken cancellationToken)
    {
        var first = new byte[3];
        var read = 0;
        while (read < first.Length)
        {
            var count = await stream.ReadAsync(first.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (count == 0)
            {
                throw new ConnectionLostException("The peer closed the connection before sending anything.");
            }

            read += count;
        }

        return first;
    }

    private async Task<Handshake> ReadHandshakeAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (FrameCodec.TryReadFrame(ref buffer, 4096, out var frame))
            {
                var handshake = Handshake.Read(new MessageReader(frame.ToArray()));
                input.AdvanceTo(buffer.Start);
                return handshake;
            }

            if (result.IsCompleted)
            {
                throw new ConnectionLostException("The peer closed the connection during the handshake.");
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}

/// <summary>Accepts connections on a port and hands each, after its handshake, to the owner.</summary>
public sealed class ConnectionListener : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;
    private readonly bool _acceptsSilos;

    /// <remarks><c>acceptsSilos</c>: The silo-to-silo port (true) or a gateway port for clients (false): only silos' certificates join on the former.</remarks>
    public ConnectionListener(IPEndPoint endpoint, ConnectionEstablisher establisher, IMessageHandler handler, Action<Connection> onAccepted, ILogger logger,
        bool acceptsSilos = false)
    {
        _acceptsSilos = acceptsSilos;
        _socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _socket.Bind(endpoint);
        _socket.Listen(512);
        Endpoint = (IPEndPoint)_socket.LocalEndPoint!;
        _acceptLoop = Task.Run(() => AcceptLoopAsync(establisher, handler, onAccepted, logger));
    }

    /// <summary>The bound endpoint (its port is real even when 0 was asked for).</summary>
    public IPEndPoint Endpoint { get; }

    private async Task AcceptLoopAsync(ConnectionEstablisher establisher, IMessageHandler handler, Action<Connection> onAccepted, ILogger logger)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await _socket.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            // Read before the handshake: a refused connection's socket is disposed by the time the refusal is logged.
            var remote = SafeRemote(accepted);
            _ = Task.Run(async () =>
            {
                try
                {
                    onAccepted(await establisher.AcceptAsync(accepted, handler, _stopping.Token, peerIsSilo: _acceptsSilos).ConfigureAwait(false));
                }
                catch (PlaintextRefusedException exception)
                {
                    // Already logged at warning once for this peer address by the establisher.
                    logger.LogDebug("{Reason}", exception.Message);
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    logger.LogWarning("Refused a connection from {Remote}: {Reason}", remote, exception.Message);
                }
            });
        }
    }

    private static string SafeRemote(Socket socket)
    {
        try
        {
            return socket.RemoteEndPoint?.ToString() ?? "?";
        }
        catch (ObjectDisposedException)
        {
            return "?";
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _socket.Dispose();
        await _acceptLoop.ConfigureAwait(false);
    }
}
