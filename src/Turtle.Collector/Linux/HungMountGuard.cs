namespace Turtle.Collector.Linux;

/// <summary>
/// Asks a network filesystem's size without letting a dead server hang the sampler: <c>statvfs</c> on an NFS mount
/// whose server is gone blocks until the server returns. The call runs on the thread pool and is waited for at most
/// <paramref name="timeout"/>; while a call to a mount is still stuck, that mount is skipped instead of asked again
/// (so stuck threads do not pile up), as node_exporter does.
/// </summary>
internal sealed class HungMountGuard(IFileSystemStats inner, TimeSpan timeout)
{
    private readonly Dictionary<string, Task<FileSystemSpace?>> _stuck = new(StringComparer.Ordinal);

    public bool TryGetSpace(string mountPoint, out FileSystemSpace space)
    {
        space = default;
        if (_stuck.TryGetValue(mountPoint, out var pending))
        {
            if (!pending.IsCompleted)
            {
                return false;
            }

            _stuck.Remove(mountPoint);
        }

        var call = Task.Run(() => inner.TryGetSpace(mountPoint, out var answer) ? answer : (FileSystemSpace?)null);
        if (!call.Wait(timeout))
        {
            _stuck[mountPoint] = call;
            return false;
        }

        if (call.Result is not { } result)
        {
            return false;
        }

        space = result;
        return true;
    }

    /// <summary>Whether a call to <paramref name="mountPoint"/> is still hanging.</summary>
    public bool IsStuck(string mountPoint) => _stuck.TryGetValue(mountPoint, out var pending) && !pending.IsCompleted;
}
