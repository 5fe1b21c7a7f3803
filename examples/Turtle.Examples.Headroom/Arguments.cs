using System.Globalization;

namespace Turtle.Examples.Headroom;

/// <summary>
/// The command line: <c>--gateway host:port</c> (repeat for several; at least one), <c>--api URL</c> (a silo's HTTP API,
/// for history), <c>--cluster-id</c> (default <c>turtle</c>), <c>--horizon-days</c> (7), <c>--lookback-days</c> (7),
/// <c>--step-minutes</c> (10: one history point per step). For a secured cluster: <c>--token</c> (or the environment's
/// <c>TURTLE_TOKEN</c>, as the CLI reads it) for the HTTP API, and <c>--tls-cert</c>, <c>--tls-key</c>, <c>--tls-ca</c>
/// (PEM paths) for mutual TLS to the gateways.
/// </summary>
public sealed record Arguments(List<string> Gateways, Uri? Api, string ClusterId, TimeSpan Horizon, TimeSpan Lookback, TimeSpan Step)
{
    public const string Usage =
        "usage: headroom --gateway HOST:PORT [--gateway HOST:PORT …] [--api http://silo:5080] [--cluster-id turtle] " +
        "[--horizon-days 7] [--lookback-days 7] [--step-minutes 10] [--token TOKEN] [--tls-cert client.crt --tls-key client.key --tls-ca ca.crt]";

    /// <summary>The HTTP API's bearer token: <c>--token</c>, else <c>TURTLE_TOKEN</c>; null sends none (authentication off).</summary>
    public string? Token { get; init; }

    /// <summary>Mutual TLS to the gateways: this client's certificate and key and the cluster's CA, as PEM paths; all null for plaintext.</summary>
    public string? TlsCertificate { get; init; }

    public string? TlsKey { get; init; }

    public string? TlsCa { get; init; }

    public static Arguments? Parse(string[] args, TextWriter error, string? environmentToken = null)
    {
        var gateways = new List<string>();
        Uri? api = null;
        var clusterId = "turtle";
        string? token = string.IsNullOrEmpty(environmentToken) ? null : environmentToken, certificate = null, key = null, ca = null;
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
                "--token" => (token = value) is not "",
                "--tls-cert" => (certificate = value) is not "",
                "--tls-key" => (key = value) is not "",
                "--tls-ca" => (ca = value) is not "",
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

        // A certificate without its CA (or the reverse) would fail at connect time with a vaguer message.
        if ((certificate is null) != (ca is null) || (key is not null && certificate is null))
        {
            error.WriteLine($"headroom: mutual TLS needs --tls-cert and --tls-ca together (and --tls-key unless the key is in the certificate file)\n{Usage}");
            return null;
        }

        return new Arguments(gateways, api, clusterId, TimeSpan.FromDays(horizon), TimeSpan.FromDays(lookback), TimeSpan.FromMinutes(step))
        {
            Token = token,
            TlsCertificate = certificate,
            TlsKey = key,
            TlsCa = ca,
        };
    }

    private static bool Add(List<string> gateways, string gateway)
    {
        gateways.Add(gateway);
        return gateway.Contains(':');
    }

    private static bool Positive(string text, out double value) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) && value > 0;
}
