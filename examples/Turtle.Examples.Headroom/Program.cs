// Headroom: an OR analyst's question answered through the grain client (docs/client.md).
//   dotnet run --project examples/Turtle.Examples.Headroom -- --gateway 127.0.0.1:30001 --gateway 127.0.0.1:30002 \
//       --api http://127.0.0.1:5082
// A secured cluster adds --token (or TURTLE_TOKEN) for the HTTP API and --tls-cert/--tls-key/--tls-ca for the gateways.
// CPU and memory headroom per DC (DC and host twins, read through the gateways), then the filesystems whose trend over
// the last week of history (the silo's HTTP API) fills them within 7 days. Exit 0, 1 when the cluster cannot be read,
// 2 on a bad command line.
using Turtle.Actors;
using Turtle.Actors.Client;
using Turtle.Actors.Configuration;
using Turtle.Actors.Networking;
using Turtle.Actors.Serialization;
using Turtle.Examples.Headroom;

if (Arguments.Parse(args, Console.Error, Environment.GetEnvironmentVariable("TURTLE_TOKEN")) is not { } arguments)
{
    return 2;
}

try
{
    await using var client = await ClusterClient.ConnectAsync(new ClusterClientOptions
    {
        Gateways = arguments.Gateways,
        ClusterId = arguments.ClusterId,
        ResponseTimeout = TimeSpan.FromSeconds(10),
        ConnectRetryLimit = TimeSpan.FromSeconds(10),
        Tls = arguments.TlsCertificate is null
            ? null
            : new TransportTlsOptions { CertificatePath = arguments.TlsCertificate, KeyPath = arguments.TlsKey, CaCertificatePath = arguments.TlsCa },
    });
    var now = DateTimeOffset.UtcNow;
    var fleet = await FleetReader.ReadAsync(client);
    TextTable.Write(Console.Out, "Headroom per DC", Headroom.PerDc(fleet));
    TextTable.Write(Console.Out, "Hosts", Headroom.PerHost(fleet));
    if (arguments.Api is { } api)
    {
        using var history = new HistoryClient(api, arguments.Token);
        var forecasts = await DiskForecast.ForecastAsync(fleet, history, now, arguments.Lookback, arguments.Step);
        TextTable.Write(Console.Out, $"Filesystems full within {arguments.Horizon.TotalDays:0.#} days (Theil-Sen trend of used bytes over the last {arguments.Lookback.TotalDays:0.#} days)",
            DiskForecast.Table(forecasts.Where(f => f.FullAt is { } full && full - now <= arguments.Horizon).ToList(), now));
        Console.WriteLine($"{forecasts.Count} filesystems checked, {forecasts.Count(f => f.Points < DiskForecast.MinPoints)} with too little history to trend.");
    }
    else
    {
        Console.WriteLine("No --api given: skipping the disk forecast, which reads history through a silo's HTTP API.");
    }

    return 0;
}
catch (Exception exception) when (exception is SiloUnavailableException or TimeoutException or ConnectionLostException or GrainActivationException
                                      or RemoteGrainException or HttpRequestException or InvalidOperationException)
{
    Console.Error.WriteLine($"headroom: {exception.Message}");
    return 1;
}
