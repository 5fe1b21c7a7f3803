// The standalone dashboard: `dotnet run --project dashboard/Turtle.Dashboard.Host -- --Turtle:Client:Gateways:0=dc1-silo:30000
// --Turtle:Dashboard:SiloApi=http://dc1-silo:5080/`. It reads the twin through gateways as a cluster client and chart
// history through a silo's HTTP API (without SiloApi, charts fill live only). People sign in with the cluster's users
// (docs/security.md); Turtle:Auth:Enabled=false turns that off.
using Turtle.Actors.Hosting;
using Turtle.Dashboard;
using Turtle.Dashboard.Host.Health;
using Turtle.Dashboard.Host.History;
using Turtle.Dashboard.Host.Security;
using Turtle.Twin.Changes;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddProblemDetails();
builder.Services.AddTurtleClient();
builder.Services.AddSingleton<LocalChangeFeed>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<LocalChangeFeed>());
builder.Services.AddSiloChartHistory(builder.Configuration);
builder.Services.AddTurtleDashboard();
builder.Services.AddDashboardHealthChecks();
builder.Services.AddDashboardSecurity(builder.Configuration);

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseDashboardSecurity();
app.MapDashboardHealthEndpoints();
app.MapSignInEndpoints();
app.MapTurtleDashboard();
app.Run();
