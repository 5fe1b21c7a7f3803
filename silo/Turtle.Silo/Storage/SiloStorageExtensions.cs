using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Turtle.Actors.Hosting;

namespace Turtle.Silo.Storage;

/// <summary>
/// Registers the silo's default grain storage, its reminder table and its history store from configuration: SQLite under <c>Turtle:DataDir</c> unless
/// <c>Turtle:Storage:Provider</c> says <c>postgres</c> (with <c>ConnectionStrings:Turtle</c>) or <c>memory</c>.
/// </summary>
public static class SiloStorageExtensions
{
    public static ISiloBuilder AddSiloGrainStorage(this ISiloBuilder silo, IConfiguration configuration)
    {
        // The choice decides which services exist, so it is read now; the validator still runs at start-up so that a
        // bad value stops the silo with a message naming the setting instead of falling back to something else.
        var choice = SiloStorageOptions.From(configuration);
        silo.Services.AddOptions<SiloStorageOptions>().Configure(o =>
        {
            o.Provider = choice.Provider;
            o.DataDir = choice.DataDir;
            o.ConnectionString = choice.ConnectionString;
        }).ValidateOnStart();
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SiloStorageOptions>, SiloStorageOptionsValidator>());

        // Grain state, reminders and history live in the same store.
        return choice.Provider switch
        {
            // Without a connection string the validator stops start-up, naming it; reminders are not wired to nothing.
            SiloStorageOptions.Postgres when string.IsNullOrWhiteSpace(choice.ConnectionString) =>
                silo.AddPostgresGrainStorageAsDefault(o => o.ConnectionString = choice.ConnectionString),
            SiloStorageOptions.Postgres => silo.AddPostgresGrainStorageAsDefault(o => o.ConnectionString = choice.ConnectionString)
                .UsePostgresReminders(choice.ConnectionString!)
                .AddPostgresHistory(o => o.ConnectionString = choice.ConnectionString),
            SiloStorageOptions.Memory => silo.AddMemoryGrainStorageAsDefault().UseMemoryReminders().AddMemoryHistory(),
            SiloStorageOptions.Sqlite => silo.AddSqliteGrainStorageAsDefault(o => o.DataDirectory = choice.DataDir)
                .UseSqliteReminders(o => o.DataDirectory = choice.DataDir)
                .AddSqliteHistory(o => o.DataDirectory = choice.DataDir),
            // Unknown: register nothing; the validator fails start-up naming Turtle:Storage:Provider.
            _ => silo,
        };
    }
}
