using System.Text.Json.Serialization;
using Turtle.Actors.Hosting;
using Turtle.Dashboard;
using Turtle.Silo.Alerts;
using Turtle.Silo.Api;
using Turtle.Silo.Clustering;
using Turtle.Silo.Collector;
using Turtle.Silo.Failover;
using Turtle.Silo.Health;
using Turtle.Silo.Replication;
using Turtle.Silo.Security;
using Turtle.Silo.Storage;
using Turtle.Silo.Telemetry;
using Turtle.Silo.Twin;

var builder = WebApplication.CreateBuilder(args);

builder.AddSiloTelemetry();
builder.Services.AddSiloProblemAnswers();
builder.Services.AddTurtleSilo(silo => silo
    .AddSiloGrainStorage(builder.Configuration)
    .AddSiloClustering(builder.Configuration)
    .AddConfiguredGrainAssemblies(builder.Configuration)
    .AddTwin(builder.Configuration)
    .AddAlerts(builder.Configuration)
    .AddFailover(builder.Configuration)
    .AddReplication(builder.Configuration));
builder.Services.AddSiloHealthChecks();
builder.Services.AddOpenApi();
builder.Services.AddTurtleDashboard();
builder.Services.AddSingleton<IClusterView, SiloClusterView>();
builder.Services.AddSingleton<IFailoverSiloView, SiloFailoverView>();
builder.Services.AddEmbeddedCollector(builder.Configuration);
builder.Services.AddSiloSecurity(builder.Configuration);
// Enums as their names in every API answer (health "Warning", tier "Minute"), as the schema documents them.
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

var app = builder.Build();

app.UseSiloProblemAnswers();
app.UseSiloSecurity();
app.MapSiloHealthEndpoints();
app.MapSiloMetrics().RequireAuthorization(AuthPolicies.Metrics);
app.MapClusterApi();
app.MapObservationApi();
app.MapTwinApi();
app.MapAlertApi();
app.MapHistoryApi();
app.MapChangeApi();
app.MapFailoverApi();
app.MapReplicationApi();
app.MapAccountApi();
app.MapTokenApi();
app.MapUserApi();
app.MapAuditApi();
app.MapOpenApi();
app.MapTurtleDashboard();

app.Run();

/// <summary>The silo host's entry point; public so functional tests can host it with WebApplicationFactory.</summary>
public partial class Program;
