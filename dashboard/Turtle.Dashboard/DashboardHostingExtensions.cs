using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Turtle.Dashboard.Components;
using Turtle.Actors.History;
using Turtle.Dashboard.History;
using Turtle.Dashboard.Live;
using Turtle.Twin.Queries;

namespace Turtle.Dashboard;

/// <summary>
/// Adds the dashboard to a web host that can reach the twin (a silo, or a cluster client): <c>services.AddTurtleDashboard()</c>
/// then <c>app.MapTurtleDashboard()</c>. It needs an <see cref="IGrainFactory"/> and a running
/// <see cref="Turtle.Twin.Changes.LocalChangeFeed"/>; an <see cref="IClusterView"/> and an <see cref="IChartHistory"/>
/// (or an <see cref="IHistoryStore"/>) when the host has them.
/// </summary>
public static class DashboardHostingExtensions
{
    public static IServiceCollection AddTurtleDashboard(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new TwinQueries(sp.GetService<ITwinSource>() ?? new GrainTwinSource(sp.GetRequiredService<IGrainFactory>())));
        services.TryAddSingleton<FragmentRenderer>();
        // In a silo, charts read its history store; a standalone host registers another IChartHistory first.
        services.TryAddSingleton<IChartHistory>(sp => sp.GetService<IHistoryStore>() is { } store ? new StoreChartHistory(store) : NoChartHistory.Instance);
        return services;
    }

    /// <summary>Serves the pages at the site's root (<c>/</c>, <c>/dcs/…</c>, <c>/hosts/…</c>), their assets and live streams.</summary>
    public static WebApplication MapTurtleDashboard(this WebApplication app)
    {
        app.UseAntiforgery();
        DashboardAssets.Map(app);
        LiveEndpoint.Map(app);
        app.MapRazorComponents<App>();
        return app;
    }
}
