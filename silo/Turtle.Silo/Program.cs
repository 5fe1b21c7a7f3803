using Turtle.Actors.Hosting;
using Turtle.Silo.Health;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddTurtleSilo(silo => silo.AddMemoryGrainStorageAsDefault());
builder.Services.AddSiloHealthChecks();

var app = builder.Build();

app.MapSiloHealthEndpoints();

app.Run();

/// <summary>The silo host's entry point; public so functional tests can host it with WebApplicationFactory.</summary>
public partial class Program;
