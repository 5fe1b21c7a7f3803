using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Turtle.Actors.Configuration;
using Turtle.Actors.Networking;

namespace Turtle.Actors.Core.Tests;

public class ConnectionTests
{
    [Fact]
    public async Task Many_concurrent_calls_share_one_connection_and_each_gets_its_own_answer()
    {
        await using var pair = await LoopbackPair.StartAsync();
        var sums = await Task.WhenAll(Enumerable.Range(0, 10_000).Select(i => pair.Grain("g").Add(i, 1)));
        Assert.Equal(Enumerable.Range(1, 10_000), sums);
        Assert.Single(pair.ServerConnections);
    }

    [Fact]
    public async Task A_frame_over_the_size_limit_closes_the_connection_and_fails_waiting_calls()
    {
        await using var pair = await LoopbackPair.StartAsync(server: new ConnectionOptions { MaxFrameSize = 4096 });
        var waiting = pair.Grain("w").Wait("never", CancellationToken.None);

        await Assert.ThrowsAsync<ConnectionLostException>(() => pair.Grain("big").Add(new string('x', 10_000), "y"));
        await Assert.ThrowsAsync<ConnectionLostException>(() => waiting);
        Assert.True(pair.Client.IsClosed);
    }

    [Fact]
    public async Task A_result_too_big_for_the_peer_fails_the_call_not_the_process()
    {
        await using var pair = await LoopbackPair.StartAsync(client: new ConnectionOptions { MaxFrameSize = 4096 });
        await Assert.ThrowsAsync<ConnectionLostException>(() => pair.Grain("r").CallOther("10000"));
    }

    [Fact]
    public async Task A_peer_that_goes_silent_is_detected_as_half_open()
    {
        var time = new Turtle.Actors.Testing.ManualTimeProvider();
        await using var pair = await LoopbackPair.StartAsync(client: new ConnectionOptions { PingInterval = TimeSpan.FromSeconds(2), IdleTimeout = TimeSpan.FromSeconds(10) }, time: time);
        var waiting = pair.Grain("w").Wait("never", CancellationToken.None);

        // The server stops answering anything (its loops are still there but its socket reads nothing): simulate by
        // closing the server side's reading while keeping the TCP connection open is not possible in-process, so we
        // advance the client's clock past the idle timeout without letting any bytes arrive.
        time.Advance(TimeSpan.FromSeconds(11));
        pair.Client.CheckHealth(time.GetTimestamp());

        await Assert.ThrowsAsync<ConnectionLostException>(() => waiting);
        Assert.True(pair.Client.IsClosed);
    }

    [Fact]
    public async Task Calls_past_their_deadline_fail_with_a_timeout_and_leave_the_pending_table()
    {
        var time = new Turtle.Actors.Testing.ManualTimeProvider();
        await using var pair = await LoopbackPair.StartAsync(time: time);
        Task waiting;
        using (GrainCallContext.WithResponseTimeout(TimeSpan.FromSeconds(1)))
        {
            waiting = pair.Grain("slow").Wait("never", CancellationToken.None);
        }

        pair.Client.CheckHealth(time.GetTimestamp());
        Assert.False(waiting.IsCompleted);
        Assert.Equal(1, pair.Client.PendingCount);

        time.Advance(TimeSpan.FromSeconds(2));
        pair.Client.CheckHealth(time.GetTimestamp());

        var error = await Assert.ThrowsAsync<TimeoutException>(() => waiting);
        Assert.Contains("ICallGrain.Wait", error.Message);
        Assert.Equal(0, pair.Client.PendingCount);
        Assert.Equal(3, await pair.Grain("after").Add(1, 2));
    }

    [Fact]
    public async Task Tls_with_pinned_certificates_carries_calls_and_refuses_plaintext_peers()
    {
        using var serverCertificate = SelfSigned("CN=turtle-silo");
        using var clientCertificate = SelfSigned("CN=turtle-client");
        var tls = new TransportTlsOptions
        {
            Certificate = serverCertificate,
            TrustedThumbprints = [Thumbprint(serverCertificate), Thumbprint(clientCertificate)],
        };
        var clientTls = new TransportTlsOptions { Certificate = clientCertificate, TrustedThumbprints = [Thumbprint(serverCertificate)] };

        await using var pair = await LoopbackPair.StartAsync(server: new ConnectionOptions { Tls = tls }, client: new ConnectionOptions { Tls = clientTls });
        Assert.Equal(5, await pair.Grain("tls").Add(2, 3));

        await Assert.ThrowsAsync<ConnectionLostException>(() => pair.ConnectAsync(new ConnectionOptions { ConnectTimeout = TimeSpan.FromSeconds(2) }));

        var wrongPin = new TransportTlsOptions { Certificate = clientCertificate, TrustedThumbprints = [Thumbprint(clientCertificate)] };
        await Assert.ThrowsAsync<ConnectionLostException>(() => pair.ConnectAsync(new ConnectionOptions { Tls = wrongPin }));
    }

    [Fact]
    public async Task A_peer_from_another_cluster_is_refused()
    {
        await using var pair = await LoopbackPair.StartAsync();
        var error = await Assert.ThrowsAsync<ConnectionLostException>(() => pair.ConnectAsync(new ConnectionOptions(), clusterId: "other"));
        Assert.Contains("'test'", error.Message);
    }

    private static X509Certificate2 SelfSigned(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Re-import so the private key is usable by SslStream on Linux.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    private static string Thumbprint(X509Certificate2 certificate) => Convert.ToHexString(SHA256.HashData(certificate.RawData));
}

public class HostileInputTests
{
    [Fact]
    public async Task Garbage_instead_of_a_handshake_is_refused_and_the_server_keeps_serving()
    {
        await using var pair = await LoopbackPair.StartAsync();
        using (var socket = new System.Net.Sockets.TcpClient())
        {
            await socket.ConnectAsync(System.Net.IPAddress.Loopback, pair.Port);
            var stream = socket.GetStream();
            await stream.WriteAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
            var buffer = new byte[256];
            // The server sends its own handshake, then closes the connection: reads end with 0 (or a reset).
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                while (await stream.ReadAsync(buffer, timeout.Token) > 0)
                {
                }
            }
            catch (IOException)
            {
            }

            Assert.False(timeout.IsCancellationRequested, "the server kept a connection that never sent a handshake");
        }

        Assert.Equal(7, await pair.Grain("still-fine").Add(3, 4));
    }

    [Fact]
    public async Task A_call_to_a_method_the_server_does_not_know_fails_alone()
    {
        await using var pair = await LoopbackPair.StartAsync();
        var unknown = new UnknownMethodRequest();
        pair.Client.SendRequest(unknown, new GrainId("call", "x"), Turtle.Actors.Manifest.InterfaceIds.Get(typeof(ICallGrain)));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => unknown.Task);
        Assert.Contains("Method 999", error.Message);
        Assert.False(pair.Client.IsClosed);
        Assert.Equal(2, await pair.Grain("after").Add(1, 1));
    }

    private sealed class UnknownMethodRequest : Turtle.Actors.Invocation.GrainVoidRequest
    {
        public override string InterfaceName => "test";

        public override string MethodName => "unknown";

        public override int MethodId => 999;

        protected override ValueTask InvokeVoid(object target) => default;
    }
}
