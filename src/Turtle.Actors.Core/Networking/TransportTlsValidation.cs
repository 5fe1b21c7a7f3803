using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Turtle.Actors.Networking;

namespace Turtle.Actors.Configuration;

/// <summary>
/// Checks TLS settings at start-up, each failure naming the setting: files that are missing, a certificate or key that
/// cannot be read (wrong password, key not matching), a CA file without certificates, malformed thumbprints.
/// </summary>
public static class TransportTlsValidation
{
    /// <param name="tls">The settings; null means plaintext, which is valid.</param>
    /// <param name="section">Where the settings came from, for the messages (<c>Turtle:Networking:Tls</c>).</param>
    /// <param name="certificateRequired">Silos accept connections, so they need a certificate; clients may go without.</param>
    public static IReadOnlyList<string> Validate(TransportTlsOptions? tls, string section, bool certificateRequired)
    {
        var failures = new List<string>();
        if (tls is null)
        {
            return failures;
        }

        if (tls.Certificate is null && tls.CertificatePath is null)
        {
            if (certificateRequired)
            {
                failures.Add($"{section}:CertificatePath must name this process's certificate (PEM or PKCS#12) when TLS is configured.");
            }
        }
        else if (tls.Certificate is null && tls.CertificatePath is { } path)
        {
            var missing = Missing(path, $"{section}:CertificatePath", failures);
            if (tls.KeyPath is { } key)
            {
                missing |= Missing(key, $"{section}:KeyPath", failures);
            }

            if (!missing)
            {
                try
                {
                    using var loaded = TlsCredentials.LoadCertificate(tls).Certificate;
                }
                catch (Exception exception) when (exception is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
                {
                    failures.Add($"{section}:CertificatePath '{path}' (key: {tls.KeyPath ?? "same file"}) cannot be read with its private key: {exception.Message} " +
                                 $"Check {section}:KeyPath and {section}:CertificatePassword.");
                }
            }
        }

        if (tls.CaCertificatePath is { } ca && !Missing(ca, $"{section}:CaCertificatePath", failures))
        {
            try
            {
                TlsCredentials.LoadCaCertificates(ca);
            }
            catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException)
            {
                failures.Add($"{section}:CaCertificatePath '{ca}' cannot be read: {exception.Message}");
            }
        }

        foreach (var thumbprint in tls.TrustedThumbprints)
        {
            var hex = thumbprint.Replace(":", "", StringComparison.Ordinal);
            if (hex.Length != 64 || !hex.All(Uri.IsHexDigit))
            {
                failures.Add($"{section}:TrustedThumbprints entry '{thumbprint}' is not a SHA-256 thumbprint (64 hex digits, colons allowed).");
            }
        }

        return failures;
    }

    private static bool Missing(string path, string setting, List<string> failures)
    {
        if (File.Exists(path))
        {
            return false;
        }

        failures.Add($"{setting}: file '{path}' does not exist.");
        return true;
    }
}

/// <summary>Validates <see cref="ConnectionOptions"/> on silos, TLS included.</summary>
public sealed class ConnectionOptionsValidator : IValidateOptions<ConnectionOptions>
{
    public ValidateOptionsResult Validate(string? name, ConnectionOptions options)
    {
        var failures = new List<string>(TransportTlsValidation.Validate(options.Tls, ConnectionOptions.SectionName + ":Tls", certificateRequired: true));
        if (options.MaxFrameSize < 1024)
        {
            failures.Add($"{ConnectionOptions.SectionName}:MaxFrameSize must be at least 1024 bytes.");
        }

        if (options.ConnectTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{ConnectionOptions.SectionName}:ConnectTimeout must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
