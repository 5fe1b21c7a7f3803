namespace Turtle.Collector.Tests;

/// <summary>
/// A fixture host tree copied to a temporary directory, so a test can move it forward in time: <see cref="Apply"/>
/// copies an overlay's files over it (the next tick's counters) and removes the paths its <c>DELETED</c> file lists
/// (processes that ended). Fixtures live in <c>Fixtures/&lt;name&gt;</c>: real files from a machine and hand-written ticks.
/// </summary>
internal sealed class FixtureTree : IDisposable
{
    private const string DeletedList = "DELETED";

    public FixtureTree(string name)
    {
        Root = Path.Combine(Path.GetTempPath(), $"turtle-collector-{name}-{Guid.NewGuid():N}");
        Copy(Fixture(name), Root);
    }

    public string Root { get; }

    /// <summary>Moves the tree to the tick in overlay <paramref name="overlay"/> (such as <c>x86-vm.next</c>).</summary>
    public FixtureTree Apply(string overlay)
    {
        var source = Fixture(overlay);
        var deleted = Path.Combine(source, DeletedList);
        if (File.Exists(deleted))
        {
            foreach (var path in File.ReadAllLines(deleted).Where(l => l.Length > 0))
            {
                Directory.Delete(Path.Combine(Root, path), recursive: true);
            }
        }

        Copy(source, Root);
        return this;
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="relative"/> under the root (for a test's own variation).</summary>
    public void Write(string relative, string content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public void Delete(string relative)
    {
        var path = Path.Combine(Root, relative);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
        else
        {
            File.Delete(path);
        }
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative == DeletedList)
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
