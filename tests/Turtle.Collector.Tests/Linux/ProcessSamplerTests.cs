using Turtle.Collector.Linux;
using Turtle.Twin.Observations;

namespace Turtle.Collector.Tests.Linux;

/// <summary>
/// Processes over three ticks of the x86 fixture: nothing on the first, the top ones on the next (python3 starts in
/// between), and the sleep's exit on the one after.
/// </summary>
public class ProcessSamplerTests
{
    private static readonly DateTimeOffset Boot = DateTimeOffset.FromUnixTimeSeconds(1795324398); // btime

    [Fact]
    public void Top_processes_by_cpu_and_memory_with_their_details()
    {
        using var tree = new FixtureTree("x86-vm");
        var sampler = Sampler(tree, new ProcessSelection());

        Assert.Null(sampler.Sample(16705.50, null));
        tree.Apply("x86-vm.next");
        var (processes, exited) = sampler.Sample(16710.50, 5)!.Value;

        // By CPU: python3 started within the interval and used 120 ticks (24 % of one CPU over 5 s), postgres 32340
        // used 50 (10 %), 32339 used 5 (1 %); sleep and kthreadd used none. By memory: 32340, python3, 32339, sleep
        // (kthreadd has no memory).
        Assert.Equal([30900, 32340, 32339, 30789], processes.Select(p => p.Pid));
        Assert.Equal([24, 10, 1, 0], processes.Select(p => p.CpuPercent));
        Assert.Empty(exited);
        Assert.Equal(new ProcessObservation
        {
            Pid = 30900,
            StartTime = Boot.AddSeconds(16708),
            Name = "python3",
            Command = "python3 -m http.server",
            User = "1000", // the effective uid; /etc/passwd does not name it
            State = "R",
            CpuPercent = 24,
            RssBytes = 20480 * 1024,
            Threads = 1,
            Fds = 3,
        }, processes[0]);
        Assert.Equal(("postgres", "postgres: checkpointer", "postgres", 147956L * 1024, 9), (processes[1].Name, processes[1].Command, processes[1].User, processes[1].RssBytes, processes[1].Fds));
        Assert.Equal(("sleep 1000", "root", Boot.AddMilliseconds(16_705_180)), (processes[3].Command, processes[3].User, processes[3].StartTime));
    }

    [Fact]
    public void A_reported_process_that_ends_is_reported_exited_once()
    {
        using var tree = new FixtureTree("x86-vm");
        var sampler = Sampler(tree, new ProcessSelection());
        sampler.Sample(16705.50, null);
        tree.Apply("x86-vm.next");
        sampler.Sample(16710.50, 5);
        tree.Apply("x86-vm.later");

        var (processes, exited) = sampler.Sample(16715.50, 5)!.Value;

        Assert.Equal([new ProcessExit(30789, Boot.AddMilliseconds(16_705_180))], exited);
        Assert.DoesNotContain(processes, p => p.Pid == 30789);
        Assert.Equal(20, processes.Single(p => p.Pid == 30900).CpuPercent); // 100 ticks this time
        Assert.Empty(sampler.Sample(16720.50, 5)!.Value.Exited);
    }

    [Fact]
    public void A_process_never_reported_ends_silently_and_a_reused_pid_ends_the_old_process()
    {
        using var tree = new FixtureTree("x86-vm");
        var sampler = Sampler(tree, new ProcessSelection { TopByCpu = 0, TopByMemory = 1 });
        sampler.Sample(16705.50, null);
        tree.Apply("x86-vm.next");
        Assert.Equal([32340], sampler.Sample(16710.50, 5)!.Value.Processes.Select(p => p.Pid));

        tree.Delete("proc/30789"); // never reported: the twin never heard of it
        var reused = File.ReadAllText(Path.Combine(tree.Root, "proc/32340/stat")).Replace(" 1324740 ", " 1671000 ");
        tree.Write("proc/32340/stat", reused);
        var (_, exited) = sampler.Sample(16715.50, 5)!.Value;

        Assert.Equal([new ProcessExit(32340, Boot.AddMilliseconds(13_247_400))], exited);
    }

    [Fact]
    public void Watched_names_are_reported_whatever_they_use()
    {
        using var tree = new FixtureTree("openwrt-arm64");
        var sampler = Sampler(tree, new ProcessSelection { TopByCpu = 0, TopByMemory = 0, Watched = ["dnsmasq", "kworker/u8:2"] });
        sampler.Sample(86400, null);
        tree.Apply("openwrt-arm64.next");

        var processes = sampler.Sample(86405, 5)!.Value.Processes;

        // dnsmasq used 100 ticks in 5 s; the kernel thread has no command line and no memory.
        Assert.Equal([("dnsmasq", 20.0, "dnsmasq", "/usr/sbin/dnsmasq -C /var/etc/dnsmasq.conf.cfg01411c -k -x /var/run/dnsmasq/dnsmasq.cfg01411c.pid"), ("kworker/u8:2", 0, "root", null)],
            processes.Select(p => (p.Name, p.CpuPercent, p.User, p.Command)));
        Assert.Equal(("R", 1800L * 1024, 9, 0L, "I", (int?)null), (processes[0].State, processes[0].RssBytes, processes[0].Fds, processes[1].RssBytes, processes[1].State, processes[1].Fds));
    }

    [Theory]
    [InlineData("1 (systemd) S 0 1 1 0 -1 4194560 1 2 3 4 150 250 0 0 20 0 1 0 5 100 33 18", "systemd", 400UL, 1, 5UL, 33L)]
    [InlineData("4242 (tmux: server) S 1 4242 4242 0 -1 4194560 1 2 3 4 7 3 0 0 20 0 2 0 9000 100 50 18", "tmux: server", 10UL, 2, 9000UL, 50L)]
    [InlineData("77 ((sd-pam)) S 1 77 77 0 -1 4194560 1 2 3 4 1 1 0 0 20 0 1 0 12 100 0 18", "(sd-pam)", 2UL, 1, 12UL, 0L)]
    public void Stat_lines_parse_around_names_with_spaces_and_parentheses(string line, string name, ulong ticks, int threads, ulong start, long rss)
    {
        Assert.True(ProcessStat.TryParse(System.Text.Encoding.ASCII.GetBytes(line), out var stat, out var parsedName));

        Assert.Equal(name, System.Text.Encoding.ASCII.GetString(parsedName));
        Assert.Equal((ticks, threads, start, rss), (stat.CpuTicks, stat.Threads, stat.StartTicks, stat.RssPages));
    }

    private static ProcessSampler Sampler(FixtureTree tree, ProcessSelection selection)
    {
        var files = new HostFiles(tree.Root);
        return new ProcessSampler(files, new BootClock(files), selection, clockTicksPerSecond: 100, pageSize: 4096);
    }
}
