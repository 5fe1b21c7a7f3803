using Turtle.Actors.Hosting;
using Turtle.Silo.Api;
using Turtle.Silo.Clustering;
using Turtle.Silo.Health;
using Turtle.Silo.Storage;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddProblemDetails();
builder.Services.AddTurtleSilo(silo => silo
    .AddSiloGrainStorage(builder.Configuration)
    .AddSiloClustering(builder.Configuration)
    .AddConfiguredGrainAssemblies(builder.Configuration));
builder.Services.AddSiloHealthChecks();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapSiloHealthEndpoints();
app.MapClusterApi();

app.Run();

/// <summary>The silo host's entry point; public so functional tests can host it with WebApplicationFactory.</summary>
public partial class Program;
