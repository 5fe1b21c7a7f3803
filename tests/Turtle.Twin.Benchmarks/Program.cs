// Usage: dotnet run -c Release --project tests/Turtle.Twin.Benchmarks -- [ingest|dashboard|forecast] [--hosts N] [--seconds 20]
//        [--concurrency 64] [--viewers 20] [--storage sqlite|postgres|memory] [--runs 20]
//   ingest:    observations/s through the HTTP endpoint (default 10,000 hosts) and change-event latency
//   dashboard: the silo's CPU, memory and stream output with 1,000 hosts every 5 s and 20 live dashboards, and
//              a host page's change → event latency under that load
//   forecast:  the CPU cost of one 24-hour forecast (no silo)
// Starts a real silo process (its own data directory; PostgreSQL from TURTLE_TEST_POSTGRES when --storage postgres),
// measures a plain HTTP baseline against it, then posts observations of simulated hosts and follows the change feed.
using System.Globalization;
using Turtle.Twin.Benchmarks;

var mode = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "ingest";
var hosts = Option("--hosts", mode == "dashboard" ? 1_000 : 10_000);
var seconds = Option("--seconds", 20);
var concurrency = Option("--concurrency", 64);
var storage = OptionText("--storage", "sqlite");

if (mode == "forecast")
{
    ForecastBenchmark.Run(Option("--runs", 20));
    return;
}

Figures.Print("config_hosts", hosts, "hosts");
Figures.Print("config_concurrency", concurrency, "requests");
Console.WriteLine($"config_storage {storage}");
using var silo = await BenchSilo.StartAsync(storage);
if (mode == "dashboard")
{
    await DashboardLoadBenchmark.RunAsync(silo, hosts, Option("--viewers", 20), TimeSpan.FromSeconds(Option("--seconds", 60)));
}
else
{
    await IngestBenchmark.RunAsync(silo, hosts, TimeSpan.FromSeconds(seconds), concurrency);
}

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

string OptionText(string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}
