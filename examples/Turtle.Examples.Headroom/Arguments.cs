using System.Globalization;

namespace Turtle.Examples.Headroom;

/// <summary>
/// The command line: <c>--gateway host:port</c> (repeat for several; at least one), <c>--api URL</c> (a silo's HTTP API,
/// for history), <c>--cluster-id</c> (default <c>turtle</c>), <c>--horizon-days</c> (7), <c>--lookback-days</c> (7),
/// <c>--step-minutes</c> (10: one history point per step).
/// </summary>
public sealed record Arguments(List<string> Gateways, Uri? Api, string ClusterId, TimeSpan Horizon, TimeSpan Lookback, TimeSpan Step)
{
    public const string Usage =
        "usage: headroom --gateway HOST:PORT [--gateway HOST:PORT …] [--api http://silo:5080] [--cluster-id turtle] " +
        "[--horizon-days 7] [--lookback-days 7] [--step-minutes 10]";

    public static Arguments? Parse(string[] args, TextWriter error)
    {
        var gateways = new List<string>();
        Uri? api = null;
        var clusterId = "turtle";
        double horizon = 7, lookback = 7, step = 10;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            var ok = value is not null && args[i] switch
            {
                "--gateway" => Add(gateways, value),
                "--api" => Uri.TryCreate(value, UriKind.Absolute, out api),
                "--cluster-id" => (clusterId = value) is not "",
                "--horizon-days" => Positive(value, out horizon),
                "--lookback-days" => Positive(value, out lookback),
                "--step-minutes" => Positive(value, out step),
                _ => false,
            };
            if (!ok)
            {
                error.WriteLine($"headroom: bad argument '{args[i]}'{(value is null ? "" : $" '{value}'")}\n{Usage}");
                return null;
            }

            i++;
        }

        if (gateways.Count == 0)
        {
            error.WriteLine($"headroom: name at least one gateway\n{Usage}");
            return null;
        }

        return new Arguments(gateways, api, clusterId, TimeSpan.FromDays(horizon), TimeSpan.FromDays(lookback), TimeSpan.FromMinutes(step));
    }

    private static bool Add(List<string> gateways, string gateway)
    {
        gateways.Add(gateway);
        return gateway.Contains(':');
    }

    private static bool Positive(string text, out double value) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) && value > 0;
}
