using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Turtle.Silo.Tests.Fuzz;

/// <summary>
/// Every row of every table that requests write in a silo's SQLite files (grain state, reminders, raw history), as row
/// counts and one hash: equal fingerprints mean nothing was stored. The rollup tiers are left out: the silo's own
/// maintenance fills them from raw history on a timer, whatever requests arrive; so is the audit log, which records
/// refusals by design. Read through separate read-only
/// connections (WAL readers see what is committed).
/// </summary>
public sealed record StoreFingerprint(IReadOnlyDictionary<string, long> Rows, IReadOnlyDictionary<string, string> Hashes, IReadOnlyDictionary<string, string> RowHashes)
{
    private const string AuditRecords = "sys.audit";

    private static readonly HashSet<string> Derived = ["history_minute", "history_five_minute", "history_hour", "history_rollup_state", "history_late_minutes"];

    public static StoreFingerprint Read(string dataDir)
    {
        var rows = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var rowHashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(dataDir, "*.db").Order(StringComparer.Ordinal))
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
            connection.Open();
            var tables = new List<string>();
            using (var list = new SqliteCommand("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", connection))
            using (var reader = list.ExecuteReader())
            {
                while (reader.Read())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            foreach (var table in tables.Where(t => !Derived.Contains(t)))
            {
                long count = 0;
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                using var select = new SqliteCommand($"SELECT * FROM \"{table}\" ORDER BY 1", connection);
                using var reader = select.ExecuteReader();
                while (reader.Read())
                {
                    if (table == "grain_state" && reader.GetValue(1) is AuditRecords)
                    {
                        // The audit log records refusals by design (each 413 and 429 is an entry); what it keeps is
                        // tested with the security tests. It is the one record a refused request may write.
                        continue;
                    }

                    count++;
                    var row = new StringBuilder();
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        row.Append(Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('\u001f');
                    }

                    var bytes = Encoding.UTF8.GetBytes(row.ToString());
                    hash.AppendData(bytes);
                    if (table == "grain_state")
                    {
                        // Named by state, grain type and key, so a failure says which twin was written.
                        rowHashes[$"{reader.GetValue(0)}/{reader.GetValue(1)}/{reader.GetValue(2)}"] = Convert.ToHexString(SHA256.HashData(bytes))[..16];
                    }
                }

                rows[$"{Path.GetFileName(file)}:{table}"] = count;
                hashes[$"{Path.GetFileName(file)}:{table}"] = Convert.ToHexString(hash.GetHashAndReset())[..16];
            }
        }

        return new StoreFingerprint(rows, hashes, rowHashes);
    }

    /// <summary>Grain state rows added, removed or rewritten since this fingerprint.</summary>
    public IEnumerable<string> ChangedRows(StoreFingerprint later) =>
        RowHashes.Keys.Union(later.RowHashes.Keys).Where(k => RowHashes.GetValueOrDefault(k) != later.RowHashes.GetValueOrDefault(k));

    public override string ToString() => string.Join(", ", Rows.Select(r => $"{r.Key}={r.Value}"));
}
