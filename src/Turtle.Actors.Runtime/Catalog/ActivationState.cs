namespace Turtle.Actors.Runtime.Catalog;

/// <summary>An activation's life: created by the catalog, activated by its first request, valid, deactivating, gone.</summary>
public enum ActivationState
{
    Created,
    Activating,
    Valid,
    Deactivating,
    Invalid,
}
