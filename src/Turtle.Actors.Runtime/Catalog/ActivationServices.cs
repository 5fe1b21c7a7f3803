using Turtle.Actors.Messaging;
using Microsoft.Extensions.Logging;
using Turtle.Actors.Configuration;
using Turtle.Actors.Runtime.Directory;
using Turtle.Actors.Manifest;
using Turtle.Actors.Runtime.Placement;
using Turtle.Actors.Runtime.Storage;

namespace Turtle.Actors.Runtime.Catalog;

/// <summary>The silo-wide services every activation uses, gathered so an activation holds one reference.</summary>
internal sealed class ActivationServices(
    IServiceProvider serviceProvider,
    GrainTypeManifest manifest,
    GrainStorageResolver storage,
    TimeProvider timeProvider,
    GrainCollectionOptions collection,
    IGrainDirectory directory,
    SiloAddress localSilo,
    ILoggerFactory loggerFactory)
{
    public IServiceProvider ServiceProvider { get; } = serviceProvider;

    public GrainTypeManifest Manifest { get; } = manifest;

    public GrainStorageResolver Storage { get; } = storage;

    public TimeProvider Time { get; } = timeProvider;

    public GrainCollectionOptions Collection { get; } = collection;

    public IGrainDirectory Directory { get; } = directory;

    /// <summary>This silo, as activations register themselves in the directory.</summary>
    public SiloAddress LocalSilo { get; } = localSilo;

    public ILogger Logger { get; } = loggerFactory.CreateLogger("Turtle.Actors.Activation");

    /// <summary>Per-method call counts, kept while someone watches.</summary>
    public Diagnostics.GrainCallStatistics CallStatistics { get; } = new(timeProvider);

    /// <summary>Call counts and times, activations, silo status and membership as metrics; grain calls as spans.</summary>
    public Diagnostics.RuntimeTelemetry Telemetry { get; } = new(serviceProvider);

    /// <summary>Set once the catalog and factory exist (they depend on each other).</summary>
    public ActivationCatalog Catalog { get; set; } = null!;

    public Messaging.GrainCallDispatcher Dispatcher { get; set; } = null!;

    public GrainFactory GrainFactory { get; set; } = null!;
}
