using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Turtle.Collector.Agent;
using Turtle.Collector.Citizen;

namespace Turtle.Collector;

/// <summary>The edge collector executable: <c>Turtle.Collector --gateway URL --dc NAME [options]</c> (docs/collector.md).</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var commandLine = CommandLine.Parse(args);
        if (commandLine.Error is { } error)
        {
            return Usage.Fail(error);
        }

        if (commandLine.Help || commandLine.ShowVersion)
        {
            return commandLine.Help ? Usage.Print() : Version();
        }

        Dictionary<string, string?> settings;
        try
        {
            settings = CollectorSettings.Load(commandLine);
        }
        catch (SettingsException exception)
        {
            return Usage.Fail(exception.Message);
        }

        if (CollectorSettings.Check(settings).Errors is { Count: > 0 } errors)
        {
            return Usage.Fail(errors);
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddCollectorConsole(commandLine.Verbose);
        builder.Services.AddTurtleCollector();
        using var host = builder.Build();
        await host.RunAsync();
        return Environment.ExitCode;
    }

    private static int Version()
    {
        Console.Out.WriteLine(CollectorSelf.Version);
        return 0;
    }
}
