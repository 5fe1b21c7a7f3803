using Turtle.Actors.Configuration;

namespace Turtle.Actors.Storage.Tests.Options;

/// <summary>Bad provider settings stop start-up with a message naming the setting and the provider.</summary>
public sealed class ProviderOptionsValidatorTests
{
    [Theory]
    [InlineData("", "turtle.db", "DataDirectory")]
    [InlineData("./data", "", "FileName")]
    [InlineData("./data", "sub/turtle.db", "FileName")]
    [InlineData("./data", ":memory:", "FileName")]
    public void Sqlite_options_that_cannot_work_are_rejected_naming_the_setting(string dataDirectory, string fileName, string setting)
    {
        var result = new SqliteStorageOptionsValidator().Validate("Default", new SqliteStorageOptions { DataDirectory = dataDirectory, FileName = fileName });

        Assert.True(result.Failed);
        Assert.Contains($"SqliteStorageOptions.{setting}", result.FailureMessage);
        Assert.Contains("'Default'", result.FailureMessage);
    }

    [Fact]
    public void Default_sqlite_options_are_valid() =>
        Assert.True(new SqliteStorageOptionsValidator().Validate("Default", new SqliteStorageOptions()).Succeeded);

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    [InlineData("Host=db;NoSuchKeyword=1")]
    public void Postgres_options_without_a_usable_connection_string_are_rejected_naming_the_setting(string? connectionString)
    {
        var result = new PostgresStorageOptionsValidator().Validate("Default", new PostgresStorageOptions { ConnectionString = connectionString });

        Assert.True(result.Failed);
        Assert.Contains("PostgresStorageOptions.ConnectionString", result.FailureMessage);
        Assert.Contains("ConnectionStrings:Turtle", result.FailureMessage);
    }

    [Fact]
    public void A_rejected_connection_string_is_not_echoed_because_it_may_hold_a_password()
    {
        var result = new PostgresStorageOptionsValidator().Validate("Default", new PostgresStorageOptions { ConnectionString = "Host=db;Password=s3cret;Bogus=1" });

        Assert.True(result.Failed);
        Assert.DoesNotContain("s3cret", result.FailureMessage);
    }
}
