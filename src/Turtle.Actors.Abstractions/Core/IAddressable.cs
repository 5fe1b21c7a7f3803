namespace Turtle.Actors;

/// <summary>Anything that can receive grain calls: grains and observers.</summary>
public interface IAddressable
{
}

/// <summary>Marker for grain interfaces. Use one of the keyed variants.</summary>
public interface IGrain : IAddressable
{
}

/// <summary>A grain addressed by a string key, such as <c>dc1/udm-pro</c>.</summary>
public interface IGrainWithStringKey : IGrain
{
}

/// <summary>A grain addressed by a <see cref="Guid"/> key.</summary>
public interface IGrainWithGuidKey : IGrain
{
}

/// <summary>A grain addressed by a 64-bit integer key.</summary>
public interface IGrainWithIntegerKey : IGrain
{
}

/// <summary>
/// An object outside the grain world (a dashboard view, a CLI watcher, another grain's subscriber)
/// that receives one-way pushes from grains through a reference made by
/// <see cref="IGrainFactory.CreateObjectReference{T}(IGrainObserver)"/>.
/// </summary>
public interface IGrainObserver : IAddressable
{
}
