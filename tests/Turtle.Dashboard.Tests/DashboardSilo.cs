using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Turtle.Dashboard.Tests;

/// <summary>
/// A real silo process (SQLite under a temporary directory) serving the dashboard on a free loopback port, and a
/// headless Debian Chromium to look at it. Shared by the tests of a class; each test posts the hosts it needs.
/// </summary>
public sealed class DashboardSilo : IAsyncLifetime
{
    private readonly StringBuilder _output = new();
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("turtle-dashboard-");
    private Process? _process;
    private IPlaywright? _playwright;

    public int Port { get; } = FreePort();

    public Uri Address => new($"http://127.0.0.1:{Port}/");

    public HttpClient Http { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where tests save screenshots of their pages (kept with the test results).</summary>
    public static string Screenshots { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        Http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(10) };
        await StartSiloAsync();
        var chromium = Environment.GetEnvironmentVariable("TURTLE_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"No Chromium at {chromium}: ./scripts/test installs Debian's chromium package (or set TURTLE_CHROMIUM).");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        Kill();
        Http.Dispose();
        _data.Delete(recursive: true);
    }

    /// <summary>Kills the silo (<c>kill -9</c>) and starts it again on the same port and data: what a crashed silo looks like to a browser.</summary>
    public async Task CrashAndRestartAsync()
    {
        Kill();
        await StartSiloAsync();
    }

    /// <summary>A new browser page that records console errors; dispose its context when done.</summary>
    public async Task<(IPage Page, List<string> Errors)> OpenAsync(string path, int width = 1280, int height = 800, bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, JavaScriptEnabled = javaScript, BaseURL = Address.ToString() });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (errors)
                {
                    errors.Add(message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (errors)
            {
                errors.Add(error);
            }
        };
        await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        return (page, errors);
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    /// <summary>Posts one of the docs' example observations, with the fields given replaced.</summary>
    public async Task PostExampleAsync(string file, Action<JsonObject>? change = null)
    {
        var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "examples", file)))!.AsObject();
        change?.Invoke(json);
        await PostAsync(json);
    }

    public async Task PostAsync(JsonObject observation)
    {
        using var content = new StringContent(observation.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync("api/v1/observations", content);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"POST observation: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private async Task StartSiloAsync()
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Turtle.Silo.dll"), "--urls", Address.ToString().TrimEnd('/')])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["Turtle__DataDir"] = _data.FullName;
        start.Environment["Turtle__SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture);
        start.Environment["Turtle__GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture);
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                if ((await Http.GetAsync("health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (_process.HasExited)
            {
                break;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"The silo did not become ready:\n{Output}");
    }

    private void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
