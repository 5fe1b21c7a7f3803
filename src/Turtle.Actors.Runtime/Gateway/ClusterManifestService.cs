using Turtle.Actors.Manifest;
using Turtle.Actors.Messaging;
using Turtle.Actors.Runtime.Membership;

namespace Turtle.Actors.Runtime.Gateway;

/// <summary>Answers clients' <see cref="IClusterManifestProvider"/> calls from membership and this silo's grain manifest.</summary>
internal sealed class ClusterManifestService(IClusterMembership membership, GrainTypeManifest manifest) : IClusterManifestProvider
{
    public Task<ClusterManifest> GetManifest()
    {
        var result = new ClusterManifest
        {
            Gateways = membership.ActiveSilos
                .Where(s => s.GatewayPort > 0)
                .Select(s => new GatewayEndpoint(s.Address.Host, s.GatewayPort))
                .ToList(),
        };

        foreach (var grainClass in manifest.GrainClasses)
        {
            foreach (var grainInterface in grainClass.Interfaces)
            {
                result.GrainTypes[InterfaceIds.Get(grainInterface)] = grainClass.GrainType;
            }
        }

        return Task.FromResult(result);
    }
}
