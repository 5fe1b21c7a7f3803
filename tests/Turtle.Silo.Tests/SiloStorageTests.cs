using Microsoft.Extensions.DependencyInjection;
using Turtle.Actors;
using Turtle.Actors.Runtime.Storage;
using Turtle.Actors.Sqlite;
using Turtle.Actors.Storage;
using Turtle.Actors.TestGrains;

namespace Turtle.Silo.Tests;

/// <summary>The silo's storage choice: SQLite under Turtle:DataDir by default, postgres or memory on request.</summary>
public sealed class SiloStorageTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("turtle-silo-storage-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public async Task By_default_grain_state_goes_to_a_SQLite_file_in_the_data_dir()
    {
        await using var factory = new SiloFactory(new() { ["Turtle:DataDir"] = _dataDir });
        _ = factory.Server;

        var storage = Assert.IsType<SqliteGrainStorage>(factory.Services.GetRequiredKeyedService<IGrainStorage>("Default"));
        Assert.Equal(Path.Combine(_dataDir, "turtle.db"), storage.DatabasePath);
        // Created and migrated while the host started, before any grain ran.
        Assert.True(File.Exists(storage.DatabasePath));
    }

    [Fact]
    public async Task Grain_state_written_through_the_silo_survives_a_silo_restart()
    {
        var settings = new Dictionary<string, string?> { ["Turtle:DataDir"] = _dataDir };
        await using (var first = new SiloFactory(settings))
        {
            var tally = first.Services.GetRequiredService<IGrainFactory>().GetGrain<ITallyGrain>("restart");
            await tally.Add("a", 2);
            Assert.Equal(5, await tally.Add("b", 3));
        }

        await using var second = new SiloFactory(settings);
        var state = await second.Services.GetRequiredService<IGrainFactory>().GetGrain<ITallyGrain>("restart").Get();
        Assert.Equal(5, state.Total);
        Assert.Equal(["a", "b"], state.Entries);
    }

    [Fact]
    public async Task The_memory_provider_can_be_chosen()
    {
        await using var factory = new SiloFactory(new() { ["Turtle:Storage:Provider"] = "memory" });
        _ = factory.Server;

        Assert.IsType<MemoryGrainStorage>(factory.Services.GetRequiredKeyedService<IGrainStorage>("Default"));
    }

    [Theory]
    [InlineData("Turtle:Storage:Provider", "mongodb", "Turtle:Storage:Provider")]
    [InlineData("Turtle:Storage:Provider", "postgres", "ConnectionStrings:Turtle")]
    public async Task A_storage_choice_that_cannot_work_stops_start_up_naming_the_setting(string setting, string value, string named)
    {
        await using var factory = new SiloFactory(new() { [setting] = value, ["Turtle:DataDir"] = _dataDir });

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);
        Assert.Contains(named, error.ToString());
    }
}
