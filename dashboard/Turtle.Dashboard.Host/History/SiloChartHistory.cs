using Turtle.Dashboard.History;

namespace Turtle.Dashboard.Host.History;

/// <summary>Chart history from a silo's HTTP API (<c>Turtle:Dashboard:SiloApi</c>); without it, charts fill live only.</summary>
public static class SiloChartHistory
{
    public static IServiceCollection AddSiloChartHistory(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration["Turtle:Dashboard:SiloApi"] is not { Length: > 0 } siloApi)
        {
            return services;
        }

        services.AddHttpClient<IChartHistory, HttpChartHistory>(http =>
        {
            http.BaseAddress = new Uri(siloApi.EndsWith('/') ? siloApi : siloApi + "/");
            http.Timeout = TimeSpan.FromSeconds(10);
            // A silo with authentication on needs a viewer token for its history API (turtle tokens create --user dashboard --role viewer).
            if (configuration["Turtle:Dashboard:SiloApiToken"] is { Length: > 0 } token)
            {
                http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            }
        });
        return services;
    }
}
