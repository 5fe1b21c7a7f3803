using System.Globalization;
using System.Reflection;

namespace Turtle.Actors.Runtime.Storage;

/// <summary>One versioned schema change of a durable provider (SQLite, PostgreSQL): version N is applied once, after versions 1..N-1.</summary>
public sealed record SchemaMigration(int Version, string Name, string Sql)
{
    /// <summary>
    /// The scripts embedded in <paramref name="assembly"/> as <c>{prefix}NNNN_name.sql</c>, in version order. Versions
    /// must run 1, 2, 3… without gaps, so a missing or misnamed script fails at start-up instead of silently skipping.
    /// </summary>
    public static IReadOnlyList<SchemaMigration> LoadEmbedded(Assembly assembly, string prefix)
    {
        var migrations = new List<SchemaMigration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal)))
        {
            var name = resource[prefix.Length..^".sql".Length];
            var separator = name.IndexOf('_');
            if (separator <= 0 || !int.TryParse(name[..separator], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"Migration script '{resource}' must be named NNNN_description.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new SchemaMigration(version, name[(separator + 1)..], reader.ReadToEnd()));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"Migration scripts under '{prefix}' must be numbered 1, 2, 3… without gaps; found version {migrations[i].Version} at position {i + 1}.");
            }
        }

        return migrations;
    }
}
