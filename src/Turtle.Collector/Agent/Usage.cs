namespace Turtle.Collector.Agent;

/// <summary>The collector's usage text, and how it reports a wrong command line or configuration.</summary>
internal static class Usage
{
    /// <summary>The exit code of a wrong command line or configuration (as getopt-style tools use).</summary>
    public const int BadUsage = 2;

    public static string Text => $"""
        Usage: Turtle.Collector --gateway URL [--gateway URL ...] --dc NAME [options]

        Samples this machine (and the node_exporter targets of the config file) every interval, appends each
        sample to a buffer on disk, and pushes the buffer oldest first to the first gateway that accepts it.

        Options:
          --gateway URL       a silo's address, http://silo-1:5080; repeat it to fail over, in order (required)
          --dc NAME           the DC this machine is in (required)
          --host NAME         this machine's name in the twin (default: the machine name, here '{Configuration.HostNames.FromMachineName(Environment.MachineName)}')
          --collector-id ID   the collector id its batches carry (default: <dc>-<host>)
          --interval SECONDS  seconds between samples, 1 to 3600 (default 5)
          --buffer DIR        the buffer's directory (default ./collector-buffer)
          --token-file FILE   the file holding this collector's API token (turtle tokens create)
          --config FILE       a YAML file with any setting, scrape targets and links too; options given here override it
          --verbose           log every request
          --help, --version

        See docs/collector.md for the YAML settings and what the buffer guarantees.
        """;

    public static int Print()
    {
        Console.Out.WriteLine(Text);
        return 0;
    }

    public static int Fail(params IReadOnlyList<string> errors)
    {
        foreach (var error in errors)
        {
            Console.Error.WriteLine($"Turtle.Collector: {error}");
        }

        Console.Error.WriteLine();
        Console.Error.WriteLine(Text);
        return BadUsage;
    }
}
