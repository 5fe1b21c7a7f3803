using Turtle.Actors.Invocation;

namespace Turtle.Actors.Generators.Tests;

/// <summary>Runs a request as the runtime does: invoke on the target, then hand the outcome to the caller.</summary>
internal static class RequestRunner
{
    public static async Task RunAsync(this GrainRequest request, object target)
    {
        await request.InvokeAsync(target);
        request.Respond();
    }
}
