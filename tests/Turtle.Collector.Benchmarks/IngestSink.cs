using System.Net;

namespace Turtle.Collector.Benchmarks;

/// <summary>
/// A gateway that accepts every batch and stores nothing, on loopback: the benchmark measures the collector, not a
/// silo, so the silo's work (and its CPU) stays out of the machine while the collector is measured.
/// </summary>
internal sealed class IngestSink : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;
    private long _requests;

    public IngestSink(int port)
    {
        Address = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Address.ToString());
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public Uri Address { get; }

    public long Requests => Interlocked.Read(ref _requests);

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // the listener was closed under a pending accept
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            await context.Request.InputStream.CopyToAsync(Stream.Null);
            Interlocked.Increment(ref _requests);
            context.Response.StatusCode = 202;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync("[]"u8.ToArray());
            context.Response.Close();
        }
    }
}
