using Turtle.Cli.Api;
using Turtle.Cli.Output;

namespace Turtle.Cli.Commands;

/// <summary>The export file's format, from its extension: <c>.csv</c> or <c>.jsonl</c> (<c>.ndjson</c>).</summary>
public sealed record ExportWriter(string Path, bool Csv)
{
    public static ExportWriter For(string path) => System.IO.Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".csv" => new ExportWriter(path, Csv: true),
        ".jsonl" or ".ndjson" => new ExportWriter(path, Csv: false),
        _ => throw CliException.Usage($"--out '{path}' must end in .csv or .jsonl"),
    };

    /// <summary>Opens <c>PATH.partial</c>; <see cref="ExportFile.CompleteAsync"/> renames it to the path.</summary>
    public ExportFile Open() => new(this);
}

/// <summary>An export being written: rows go to a <c>.partial</c> file that becomes the real one only when complete.</summary>
public sealed class ExportFile : IAsyncDisposable
{
    private readonly ExportWriter _format;
    private readonly string _partial;
    private readonly StreamWriter _writer;
    private bool _closed;

    internal ExportFile(ExportWriter format)
    {
        _format = format;
        _partial = format.Path + ".partial";
        _writer = new StreamWriter(_partial, append: false, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        if (format.Csv)
        {
            HistoryCsv.WriteHeader(_writer);
        }
    }

    public void Write(HistoryRow row)
    {
        if (_format.Csv)
        {
            HistoryCsv.WriteRow(_writer, row);
        }
        else
        {
            HistoryJsonLines.WriteRow(_writer, row);
        }
    }

    public async Task CompleteAsync()
    {
        await _writer.FlushAsync();
        await _writer.DisposeAsync();
        _closed = true;
        File.Move(_partial, _format.Path, overwrite: true);
    }

    /// <summary>Removes the partial file after a failure.</summary>
    public void Abandon()
    {
        _writer.Dispose();
        _closed = true;
        File.Delete(_partial);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_closed)
        {
            await _writer.DisposeAsync();
        }
    }
}
