using Microsoft.Extensions.Options;

namespace Turtle.Actors.Configuration;

internal sealed class PostgresClusteringOptionsValidator : IValidateOptions<PostgresClusteringOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresClusteringOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail("PostgreSQL clustering needs a connection string: set ConnectionStrings:Turtle (environment variable ConnectionStrings__Turtle).");
        }

        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException exception)
        {
            return ValidateOptionsResult.Fail($"ConnectionStrings:Turtle is not a valid Npgsql connection string: {exception.Message}");
        }

        return ValidateOptionsResult.Success;
    }
}
