using Turtle.Actors.Runtime.Directory;

namespace Turtle.Actors.Directory.Tests;

public sealed class LocalGrainDirectoryTests : GrainDirectoryConformanceTests
{
    // One in-memory directory is one cluster: silos of an in-process cluster share the instance.
    private readonly Dictionary<string, LocalGrainDirectory> _clusters = [];

    protected override Task<IGrainDirectory> CreateAsync(string clusterId)
    {
        if (!_clusters.TryGetValue(clusterId, out var directory))
        {
            _clusters[clusterId] = directory = new LocalGrainDirectory();
        }

        return Task.FromResult<IGrainDirectory>(directory);
    }
}
