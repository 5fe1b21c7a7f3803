using System.Text.Json;

namespace Turtle.Silo.Replication;

/// <summary>
/// The replicas on disk (<c>replicas.json</c> under the data directory), replaced atomically (write, flush, rename),
/// so a crash leaves either the old snapshot or the new one. After a restart the observer serves these at once and
/// then catches up by comparing versions with the twins.
/// </summary>
public sealed class ReplicaSnapshotFile(string path, JsonSerializerOptions json)
{
    // The periodic write and the last one at shutdown may overlap: one at a time, each through a file of its own.
    private readonly SemaphoreSlim _writing = new(1, 1);

    public string Path => path;

    public async Task<ReplicaSnapshot?> ReadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<ReplicaSnapshot>(stream, json, cancellationToken);
    }

    public async Task WriteAsync(ReplicaSnapshot snapshot, CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
            {
                await JsonSerializer.SerializeAsync(stream, snapshot, json, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
            _writing.Release();
        }
    }
}
