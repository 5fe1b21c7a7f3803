using System.Text.Json;

namespace Turtle.Cli.Api;

/// <summary>
/// A silo's answer to <c>/health/ready</c>: ready or not, and when not, the checks that failed as the silo named them
/// (<c>storage: Grain storage did not answer within 1 s.</c>), so the one line <c>turtle status</c> prints says why.
/// </summary>
public sealed record Readiness(bool Ready, string? Reason)
{
    /// <summary>
    /// The failing checks of the silo's health JSON (<c>{"status", "checks": [{"name", "status", "description"}]}</c>),
    /// joined; null when the body is not that JSON (a proxy's page), since a 503 alone already says "not ready".
    /// </summary>
    public static string? FailingChecks(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("checks", out var checks) || checks.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var failing = checks.EnumerateArray()
                .Where(c => c.TryGetProperty("status", out var status) && status.GetString() != "Healthy")
                .Select(c => $"{Text(c, "name") ?? "?"}: {Text(c, "description") ?? Text(c, "status")}")
                .ToList();
            return failing.Count == 0 ? null : string.Join("; ", failing).ReplaceLineEndings(" ");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
