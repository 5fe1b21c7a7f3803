using Microsoft.Extensions.Options;

namespace Turtle.Actors.Configuration;

/// <summary>How a client finds and talks to the cluster, bound from <c>Turtle:Client</c>.</summary>
public sealed class ClusterClientOptions
{
    public const string SectionName = "Turtle:Client";

    /// <summary>Gateways to try first, as <c>host:port</c>; the client learns the others from the cluster. <value>Default 127.0.0.1:30000.</value></summary>
    public List<string> Gateways { get; set; } = ["127.0.0.1:30000"];

    /// <summary>Must match the silos' <c>Turtle:ClusterId</c>. <value>Default "turtle".</value></summary>
    public string ClusterId { get; set; } = ClusterDefaults.ClusterId;

    /// <summary>Default call deadline. <value>Default 30 seconds.</value></summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the gateway list and grain type map are refreshed. <value>Default 30 seconds.</value></summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// TLS to the gateways (same settings as the silos' <c>Turtle:Networking:Tls</c>): the client checks the gateway's
    /// certificate against <c>CaCertificatePath</c> or pins, and presents <c>CertificatePath</c>, which silos require unless
    /// they set <c>RequireClientCertificate=false</c>. <value>Default null: plaintext.</value>
    /// </summary>
    public TransportTlsOptions? Tls { get; set; }

    /// <summary>How long connecting keeps trying the known gateways before giving up. <value>Default 30 seconds.</value></summary>
    public TimeSpan ConnectRetryLimit { get; set; } = TimeSpan.FromSeconds(30);
}

internal sealed class ClusterClientOptionsValidator : IValidateOptions<ClusterClientOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterClientOptions options)
    {
        var failures = new List<string>();
        if (options.Gateways.Count == 0)
        {
            failures.Add("Turtle:Client:Gateways must list at least one gateway (host:port).");
        }

        foreach (var gateway in options.Gateways)
        {
            if (!GatewayParser.TryParse(gateway, out _))
            {
                failures.Add($"Turtle:Client:Gateways entry '{gateway}' is not host:port.");
            }
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add("Turtle:Client:ClusterId must not be empty.");
        }

        if (options.ResponseTimeout <= TimeSpan.Zero)
        {
            failures.Add("Turtle:Client:ResponseTimeout must be positive.");
        }

        failures.AddRange(TransportTlsValidation.Validate(options.Tls, ClusterClientOptions.SectionName + ":Tls", certificateRequired: false));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

internal static class GatewayParser
{
    public static bool TryParse(string text, out Messaging.GatewayEndpoint endpoint)
    {
        endpoint = null!;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is <= 0 or > 65535)
        {
            return false;
        }

        endpoint = new Messaging.GatewayEndpoint(text[..colon], port);
        return true;
    }
}
