using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Turtle.Actors.Configuration;
using Turtle.Actors.Invocation;
using Turtle.Actors.Messaging;
using Turtle.Actors.Networking;
using Turtle.Actors.Testing.Cluster;
using Turtle.Actors.Testing.Tls;

namespace Turtle.Actors.Runtime.Tests.Cluster;

/// <summary>Two silos configured from <c>Turtle:Networking:Tls</c> talk mutual TLS; a plaintext peer gets nowhere.</summary>
public sealed class MutualTlsClusterTests : IDisposable
{
    private readonly string _directory = Path.Join(Path.GetTempPath(), $"turtle-cluster-tls-{Guid.NewGuid():N}");

    [Fact]
    public async Task Two_silos_with_certificates_from_one_ca_call_each_others_grains_and_refuse_a_plaintext_peer()
    {
        using var ca = new TestCertificateAuthority("Turtle Test CA", _directory);
        var probe = new TestProbe();
        await using var cluster = await TestCluster.StartAsync(0, new TestClusterOptions { ConfigureServices = s => s.AddSingleton(probe) }, typeof(TestProbe).Assembly);
        var first = await cluster.StartSiloAsync(ca.Settings(ca.Issue("silo-1")));
        var second = await cluster.StartSiloAsync(ca.Settings(ca.Issue("silo-2")));
        await cluster.WaitForMembershipToSettleAsync();

        var onSecond = Enumerable.Range(0, 200).Select(i => $"tls-{i}").First(key => PlacedOn(cluster, key) == second);
        var grain = first.GrainFactory.GetGrain<ICallGrain>(onSecond);
        Assert.Equal(42, await grain.Add(40, 2));
        Assert.Equal($"from {onSecond}", await grain.CallOther("tls-other"));

        var plaintext = new ConnectionEstablisher(new Handshake(ClusterDefaults.ClusterId, new SiloAddress("127.0.0.1", 1, 1)), new ConnectionOptions(), TimeProvider.System, NullLoggerFactory.Instance);
        await Assert.ThrowsAsync<ConnectionLostException>(() => plaintext.ConnectAsync(second.Address.Host, second.Address.Port, new NoHandler(), CancellationToken.None));
        Assert.Equal(42, await grain.Add(40, 2));
    }

    [Fact]
    public async Task A_silo_whose_tls_settings_are_broken_does_not_start_and_says_which_setting()
    {
        await using var cluster = await TestCluster.StartAsync(0, new TestClusterOptions(), typeof(TestProbe).Assembly);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => cluster.StartSiloAsync(new Dictionary<string, string?>
        {
            ["Turtle:Networking:Tls:CertificatePath"] = Path.Join(_directory, "missing.crt"),
        }));
        Assert.Contains("Turtle:Networking:Tls:CertificatePath", error.Message);
    }

    private static TestClusterSilo PlacedOn(TestCluster cluster, string key)
    {
        var silos = cluster.Silos.Select(s => s.Address).ToList();
        var chosen = new Placement.RendezvousPlacementDirector().Place(new GrainId("call", key), silos);
        return cluster.Silos.Single(s => s.Address == chosen);
    }

    public void Dispose()
    {
        if (System.IO.Directory.Exists(_directory))
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
    }

    private sealed class NoHandler : IMessageHandler
    {
        public GrainRequest CreateRequest(int interfaceId, int methodId) => throw new NotSupportedException();

        public void OnRequest(Connection connection, GrainId target, GrainRequest request)
        {
        }

        public void OnClosed(Connection connection, Exception? reason)
        {
        }

        public IAddressable CreateReference(Type grainInterface, GrainId grainId) => throw new NotSupportedException();
    }
}
