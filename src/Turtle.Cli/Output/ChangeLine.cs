using Turtle.Cli.Api;
using Turtle.Twin.Changes;

namespace Turtle.Cli.Output;

/// <summary>One change as <c>watch</c> prints it for people: <c>2026-11-22 09:00:05Z  Host dc1/udm-pro v12  health, metrics</c>.</summary>
public static class ChangeLine
{
    public static string Format(TwinChange change) =>
        $"{Cells.Time(change.Time)}  {change.Kind} {change.Key} v{change.Version}  {(change.Changed.Count == 0 ? "-" : string.Join(", ", change.Changed))}";
}
