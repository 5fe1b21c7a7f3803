using System.Globalization;

namespace Turtle.Collector.Linux;

/// <summary>
/// User names by uid from the host's <c>/etc/passwd</c>, read again only when the file changes. A uid it does not list
/// (LDAP users, a container's ids) is named by its number.
/// </summary>
internal sealed class UserNames(HostFiles files)
{
    private readonly string _path = files.PathOf("etc/passwd");
    private readonly Dictionary<uint, string> _names = [];
    private DateTime _readVersion = DateTime.MinValue;

    /// <summary>The name of <paramref name="uid"/>, as of the last <see cref="Refresh"/>.</summary>
    public string Get(uint uid)
    {
        if (!_names.TryGetValue(uid, out var name))
        {
            name = uid.ToString(CultureInfo.InvariantCulture);
            _names[uid] = name;
        }

        return name;
    }

    /// <summary>Reads the file again when it changed since the last read (once per sample: one stat call).</summary>
    public void Refresh()
    {
        var version = File.GetLastWriteTimeUtc(_path); // a fixed 1601 date for a missing file, no exception
        if (version == _readVersion)
        {
            return;
        }

        _readVersion = version;
        _names.Clear();
        using var lines = files.OpenLines(_path);
        while (lines.TryReadLine(out var line))
        {
            // name:password:uid:gid:gecos:home:shell
            var nameEnd = line.IndexOf((byte)':');
            if (nameEnd <= 0)
            {
                continue;
            }

            var afterName = line[(nameEnd + 1)..];
            var passwordEnd = afterName.IndexOf((byte)':');
            var afterPassword = passwordEnd < 0 ? default : afterName[(passwordEnd + 1)..];
            var uidEnd = afterPassword.IndexOf((byte)':');
            if (uidEnd > 0 && SpanText.TryParse(afterPassword[..uidEnd], out ulong uid) && uid <= uint.MaxValue)
            {
                _names.TryAdd((uint)uid, SpanText.Decode(line[..nameEnd])); // the first entry wins, as getpwuid does
            }
        }
    }
}
