using Microsoft.Extensions.Options;
using Turtle.Actors.Hosting;

namespace Turtle.Silo.Clustering;

/// <summary>
/// Joins a cluster when <c>Turtle:Clustering:Provider</c> (<c>Turtle__Clustering__Provider</c>) is <c>postgres</c>,
/// coordinated through the database in <c>ConnectionStrings:Turtle</c>; otherwise (<c>none</c>, the default) the
/// silo runs alone.
/// </summary>
public static class SiloClusteringExtensions
{
    public const string ProviderSetting = "Turtle:Clustering:Provider";
    public const string None = "none";
    public const string Postgres = "postgres";

    public static ISiloBuilder AddSiloClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        var provider = (configuration[ProviderSetting] ?? None).Trim().ToLowerInvariant();
        switch (provider)
        {
            case None:
                return silo;
            case Postgres:
                return silo.UsePostgresClustering(o => o.ConnectionString = configuration.GetConnectionString("Turtle"));
            default:
                // Fail start-up naming the setting rather than silently running alone.
                silo.Services.AddOptions<ClusteringChoice>().Configure(o => o.Provider = provider).ValidateOnStart();
                silo.Services.AddSingleton<IValidateOptions<ClusteringChoice>, ClusteringChoiceValidator>();
                return silo;
        }
    }

    internal sealed class ClusteringChoice
    {
        public string Provider { get; set; } = None;
    }

    internal sealed class ClusteringChoiceValidator : IValidateOptions<ClusteringChoice>
    {
        public ValidateOptionsResult Validate(string? name, ClusteringChoice options) =>
            ValidateOptionsResult.Fail($"{ProviderSetting} is '{options.Provider}'; use '{None}' (a single silo) or '{Postgres}'.");
    }
}
