using Microsoft.Extensions.DependencyInjection;
using Turtle.Actors.Storage;

namespace Turtle.Actors.Runtime.Storage;

/// <summary>
/// Every <see cref="IGrainWriteGate"/> the silo registered (the membership lease in a cluster, a host's own such as a
/// failover authority), as one gate that is open only when all of them are; null when there is none.
/// </summary>
internal static class WriteGates
{
    public static IGrainWriteGate? Of(IServiceProvider services) =>
        services.GetServices<IGrainWriteGate>().ToArray() switch
        {
            [] => null,
            [var only] => only,
            var all => new AllGates(all),
        };

    private sealed class AllGates(IGrainWriteGate[] gates) : IGrainWriteGate
    {
        public void ThrowIfClosed(GrainId grainId)
        {
            foreach (var gate in gates)
            {
                gate.ThrowIfClosed(grainId);
            }
        }
    }
}
