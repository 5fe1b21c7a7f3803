using System.Diagnostics;
using System.Globalization;

namespace Turtle.Silo.Tests;

/// <summary>SIGTERM for a child process, as systemd stops one (.NET's Process.Kill sends only SIGKILL).</summary>
internal static class ProcessSignals
{
    /// <summary>Sends SIGTERM and waits; false when the process is still running after <paramref name="timeout"/>.</summary>
    public static bool Terminate(Process process, TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])!)
        {
            kill.WaitForExit();
        }

        return process.WaitForExit(timeout);
    }
}
