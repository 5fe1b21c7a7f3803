using Microsoft.Extensions.Options;

namespace Turtle.Silo.Storage;

/// <summary>Stops start-up with a message naming the setting when the storage choice cannot work.</summary>
internal sealed class SiloStorageOptionsValidator : IValidateOptions<SiloStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloStorageOptions options)
    {
        if (!SiloStorageOptions.Providers.Contains(options.Provider))
        {
            return ValidateOptionsResult.Fail(
                $"{SiloStorageOptions.ProviderSetting} (environment variable Turtle__Storage__Provider) is '{options.Provider}', but must be one of: {string.Join(", ", SiloStorageOptions.Providers)}.");
        }

        if (options.Provider == SiloStorageOptions.Postgres && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(
                $"{SiloStorageOptions.ProviderSetting} is 'postgres', so {SiloStorageOptions.ConnectionStringSetting} (environment variable ConnectionStrings__Turtle) must hold an Npgsql connection string, but it is missing.");
        }

        if (options.Provider == SiloStorageOptions.Sqlite && string.IsNullOrWhiteSpace(options.DataDir))
        {
            return ValidateOptionsResult.Fail($"{SiloStorageOptions.DataDirSetting} (environment variable Turtle__DataDir) must name a directory, but is empty.");
        }

        return ValidateOptionsResult.Success;
    }
}
