using System.Globalization;

namespace Turtle.Twin.Benchmarks;

/// <summary>Prints figures as "name value unit", one per line, for people and scripts alike.</summary>
internal static class Figures
{
    public static void Print(string name, double value, string unit) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {value:0.###} {unit}"));
}
