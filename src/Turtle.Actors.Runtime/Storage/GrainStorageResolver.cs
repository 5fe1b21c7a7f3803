using Microsoft.Extensions.DependencyInjection;
using Turtle.Actors.Storage;

namespace Turtle.Actors.Runtime.Storage;

/// <summary>
/// Finds the storage provider a <c>[PersistentState]</c> names, among keyed <see cref="IGrainStorage"/> services, behind
/// the silo's write gates when any is registered (<see cref="WriteGates"/>).
/// </summary>
internal sealed class GrainStorageResolver(IServiceProvider services)
{
    /// <summary>The provider used when <c>[PersistentState]</c> names none.</summary>
    public const string DefaultProviderName = "Default";

    public IGrainStorage Resolve(string? storageName, Type grainClass)
    {
        var name = storageName ?? DefaultProviderName;
        var storage = services.GetKeyedService<IGrainStorage>(name) ?? throw new InvalidOperationException(
            $"Grain class {grainClass.Name} uses storage provider '{name}', but none is registered. Register one with, for example, AddMemoryGrainStorage(\"{name}\").");
        return WriteGates.Of(services) is { } gate ? new GatedGrainStorage(storage, gate) : storage;
    }
}
