using System.Diagnostics;
using System.Globalization;

namespace Turtle.Collector.Tests.EndToEnd;

/// <summary>SIGTERM for a child process (.NET's Process.Kill sends only SIGKILL).</summary>
internal static class Signals
{
    public static int Terminate(Process process, TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])!)
        {
            kill.WaitForExit();
        }

        if (!process.WaitForExit(timeout))
        {
            throw new TimeoutException($"Process {process.Id} did not exit within {timeout} of SIGTERM.");
        }

        return process.ExitCode;
    }
}
