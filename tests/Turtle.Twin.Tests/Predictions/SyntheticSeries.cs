namespace Turtle.Twin.Tests.Predictions;

/// <summary>
/// Seeded synthetic series with a known shape: level + trend per day + a daily wave peaking at 14:00 + Gaussian noise,
/// sampled at a fixed step from midnight UTC. What the back-tests forecast, so the truth is known exactly.
/// </summary>
internal sealed record SyntheticSeries(double Level, double TrendPerDay, double DailyAmplitude, double Noise, double Min = 0, double Max = 100)
{
    public static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A busy server's CPU: 40 % ± 20 % over the day, +0.5 point a day, noise σ 3.</summary>
    public static SyntheticSeries Cpu => new(40, 0.5, 20, 3);

    /// <summary>Memory: 55 % ± 8 % over the day, +0.3 point a day, noise σ 1.</summary>
    public static SyntheticSeries Memory => new(55, 0.3, 8, 1);

    /// <summary>The noiseless value at <paramref name="days"/> after <see cref="Start"/>.</summary>
    public double Truth(double days) =>
        Level + TrendPerDay * days + DailyAmplitude * Math.Sin(2 * Math.PI * (days - 8.0 / 24));

    /// <summary><paramref name="count"/> points, one per <paramref name="step"/>, each the truth at the step's middle plus noise.</summary>
    public double?[] Generate(int seed, TimeSpan step, int count)
    {
        var random = new Random(seed);
        var y = new double?[count];
        for (var i = 0; i < count; i++)
        {
            var days = (i + 0.5) * step.TotalDays;
            y[i] = Math.Clamp(Truth(days) + Noise * Gaussian(random), Min, Max);
        }

        return y;
    }

    public static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
