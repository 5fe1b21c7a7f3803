// The standalone dashboard: `dotnet run --project dashboard/Turtle.Dashboard.Host -- --Turtle:Client:Gateways:0=dc1-silo:30000
// --Turtle:Dashboard:SiloApi=http://dc1-silo:5080/`. It reads the twin through gateways as a cluster client and chart
// history through a silo's HTTP API (without SiloApi, charts fill live only).
using Turtle.Actors.Hosting;
using Turtle.Dashboard;
using Turtle.Dashboard.History;
using Turtle.Twin.Changes;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddProblemDetails();
builder.Services.AddTurtleClient();
builder.Services.AddSingleton<LocalChangeFeed>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<LocalChangeFeed>());
if (builder.Configuration["Turtle:Dashboard:SiloApi"] is { Length: > 0 } siloApi)
{
    builder.Services.AddHttpClient<IChartHistory, HttpChartHistory>(http =>
    {
        http.BaseAddress = new Uri(siloApi.EndsWith('/') ? siloApi : siloApi + "/");
        http.Timeout = TimeSpan.FromSeconds(10);
        // A silo with authentication on needs a viewer token for its history API (turtle tokens create --user dashboard --role viewer).
        if (builder.Configuration["Turtle:Dashboard:SiloApiToken"] is { Length: > 0 } token)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
    });
}

builder.Services.AddTurtleDashboard();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapGet("/health/live", () => TypedResults.Ok("live")).ExcludeFromDescription();
app.MapTurtleDashboard();
app.Run();
