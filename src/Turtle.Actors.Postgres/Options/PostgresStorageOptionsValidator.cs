using Microsoft.Extensions.Options;
using Npgsql;

namespace Turtle.Actors.Configuration;

/// <summary>Fails start-up with a message naming the setting and the storage provider it belongs to.</summary>
internal sealed class PostgresStorageOptionsValidator : IValidateOptions<PostgresStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresStorageOptions options)
    {
        var setting = $"PostgreSQL grain storage '{name}': {nameof(PostgresStorageOptions)}.{nameof(options.ConnectionString)} (in the silo: ConnectionStrings:Turtle, environment variable ConnectionStrings__Turtle)";
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail($"{setting} is required but missing.");
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException exception)
        {
            // The message names the bad keyword, never the value: the string may hold a password.
            return ValidateOptionsResult.Fail($"{setting} is not a valid Npgsql connection string: {exception.Message}");
        }

        return ValidateOptionsResult.Success;
    }
}
