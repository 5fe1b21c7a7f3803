using Microsoft.Extensions.Options;

namespace Turtle.Actors.Configuration;

/// <summary>Fails start-up with a message naming the setting and the storage provider it belongs to.</summary>
internal sealed class SqliteStorageOptionsValidator : IValidateOptions<SqliteStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteStorageOptions options)
    {
        var provider = $"SQLite grain storage '{name}'";
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add($"{provider}: {nameof(SqliteStorageOptions)}.{nameof(options.DataDirectory)} must name a directory, but is empty.");
        }

        if (string.IsNullOrWhiteSpace(options.FileName) || options.FileName.IndexOfAny(['/', '\\']) >= 0 || options.FileName.StartsWith(':'))
        {
            failures.Add($"{provider}: {nameof(SqliteStorageOptions)}.{nameof(options.FileName)} must be a plain file name (no directory, not ':memory:'), but is '{options.FileName}'.");
        }

        if (options.BusyTimeout <= TimeSpan.Zero || options.BusyTimeout > TimeSpan.FromHours(1))
        {
            failures.Add($"{provider}: {nameof(SqliteStorageOptions)}.{nameof(options.BusyTimeout)} must be between 0 and 1 hour, but is {options.BusyTimeout}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
