using Turtle.Actors.Invocation;

namespace Turtle.Actors;

/// <summary>The key accessors Orleans users know: <c>this.GetPrimaryKeyString()</c> in a grain or on a reference.</summary>
public static class GrainExtensions
{
    public static GrainId GetGrainId(this IAddressable addressable) => addressable switch
    {
        Grain grain => grain.GrainContext.GrainId,
        GrainReference reference => reference.GrainId,
        _ => throw new ArgumentException(
            $"{addressable.GetType().Name} is neither a grain nor a grain reference. Observers must be passed through IGrainFactory.CreateObjectReference first.",
            nameof(addressable)),
    };

    public static string GetPrimaryKeyString(this IAddressable addressable) => addressable.GetGrainId().Key;

    public static Guid GetPrimaryKey(this IAddressable addressable) => GrainKeys.ToGuid(addressable.GetGrainId().Key);

    public static long GetPrimaryKeyLong(this IAddressable addressable) => GrainKeys.ToInteger(addressable.GetGrainId().Key);

    /// <summary>Returns a reference to the same grain typed as another of its interfaces.</summary>
    public static TGrainInterface AsReference<TGrainInterface>(this IAddressable addressable) where TGrainInterface : IAddressable =>
        addressable switch
        {
            GrainReference reference => reference.Factory.GetGrain<TGrainInterface>(reference.GrainId),
            Grain grain => grain.GrainContext.GrainFactory.GetGrain<TGrainInterface>(grain.GrainContext.GrainId),
            _ => throw new ArgumentException($"{addressable.GetType().Name} is neither a grain nor a grain reference.", nameof(addressable)),
        };
}
