using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Turtle.Silo.Tests;

/// <summary>
/// For end-to-end tests of a silo process with authentication on: the admin password it printed once at its first start,
/// and an admin API token traded for it through <c>POST /api/v1/login</c>, as an operator would.
/// </summary>
internal static class SiloAdmin
{
    /// <summary>Waits (bounded) for the banner with the first admin's password and returns the password.</summary>
    public static async Task<string> PrintedPasswordAsync(SiloProcess silo, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string? password;
        while ((password = AdminBanner.PasswordIn(silo.Output)) is null)
        {
            if (DateTime.UtcNow > deadline || silo.HasExited)
            {
                throw new TimeoutException($"The silo printed no admin password within {timeout}:\n{silo.Output}");
            }

            await Task.Delay(50);
        }

        return password;
    }

    /// <summary>An admin API token, and sets it on <see cref="SiloProcess.Http"/> so the test's own queries are admin's.</summary>
    public static async Task<string> SignInAsync(SiloProcess silo)
    {
        var password = await PrintedPasswordAsync(silo, TimeSpan.FromSeconds(60));
        var response = await silo.Http.PostAsJsonAsync("/api/v1/login", new { user = "admin", password });
        response.EnsureSuccessStatusCode();
        var secret = (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["secret"]!;
        silo.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return secret;
    }

    /// <summary>A new collector token's secret, issued by the admin signed in on <paramref name="silo"/>.</summary>
    public static async Task<(string Id, string Secret)> CollectorTokenAsync(SiloProcess silo, string collector)
    {
        var response = await silo.Http.PostAsJsonAsync("/api/v1/tokens", new { collector });
        response.EnsureSuccessStatusCode();
        var issued = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return ((string)issued["token"]!["id"]!, (string)issued["secret"]!);
    }
}
