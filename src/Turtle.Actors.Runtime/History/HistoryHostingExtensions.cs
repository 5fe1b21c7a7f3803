using Turtle.Actors.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Turtle.Actors.Configuration;
using Turtle.Actors.History;
using Turtle.Actors.Runtime.History;
using Turtle.Actors.Runtime.Storage;

namespace Turtle.Actors.Hosting;

/// <summary>Registers the silo's history store (<see cref="IHistoryStore"/>) and its maintenance job: <c>silo.AddMemoryHistory()</c>.</summary>
public static class HistoryHostingExtensions
{
    /// <summary>
    /// Registers <paramref name="store"/> as the silo's one history store, with <c>Turtle:History</c> options validated at
    /// start-up, <paramref name="initialize"/> (schema migration) run before the silo accepts calls, and
    /// <see cref="HistoryMaintenanceService"/>. Provider packages call this; a second call replaces the store.
    /// </summary>
    public static ISiloBuilder AddHistoryStore<TStore>(this ISiloBuilder builder, Func<IServiceProvider, TStore> store,
        Func<TStore, CancellationToken, Task>? initialize = null, Action<HistoryOptions>? configure = null)
        where TStore : class, IHistoryStore
    {
        var services = builder.Services;
        var options = services.AddOptions<HistoryOptions>().BindConfiguration(HistoryOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HistoryOptions>, HistoryOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.RemoveAll<TStore>();
        services.AddSingleton(store);
        // Grains write small batches concurrently; group commit turns them into few large writes of the store.
        // A silo that can lose its right to write (a write gate) checks it before a batch joins a group.
        services.Replace(ServiceDescriptor.Singleton<IHistoryStore>(sp =>
        {
            IHistoryStore grouped = new GroupCommitHistoryStore(
                sp.GetRequiredService<TStore>(), sp.GetRequiredService<IOptions<HistoryOptions>>().Value, sp.GetRequiredService<TimeProvider>());
            return WriteGates.Of(sp) is { } gate ? new GatedHistoryStore(grouped, gate) : grouped;
        }));
        if (initialize is not null)
        {
            services.AddSingleton<IHostedService>(sp => new StartupInitializer(ct => initialize(sp.GetRequiredService<TStore>(), ct)));
        }

        services.AddHostedService<HistoryMaintenanceService>();
        return builder;
    }

    /// <summary>History in memory (lost at exit): for tests and <c>Turtle:Storage:Provider=memory</c>.</summary>
    public static ISiloBuilder AddMemoryHistory(this ISiloBuilder builder, Action<HistoryOptions>? configure = null) =>
        builder.AddHistoryStore(sp => new MemoryHistoryStore(sp.GetRequiredService<IOptions<HistoryOptions>>().Value, sp.GetRequiredService<TimeProvider>()),
            configure: configure);
}
