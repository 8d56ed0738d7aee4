using System.Globalization;

namespace GuestAccess.Benchmarks.Scale;

/// <summary>Resident memory and CPU time of a process (and of one named thread) from /proc.</summary>
internal static class ProcessStats
{
    public static long ResidentBytes(int pid)
    {
        foreach (var line in File.ReadAllLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    /// <summary>User + system CPU seconds of the process so far.</summary>
    public static double CpuSeconds(int pid) => StatCpuSeconds($"/proc/{pid}/stat");

    /// <summary>CPU seconds of the process and its live children (PostgreSQL: the postmaster and its backends).</summary>
    public static double TreeCpuSeconds(int pid)
    {
        var total = CpuSeconds(pid);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out _) && Stat(Path.Combine(directory, "stat")) is { } fields
                && fields[1] == pid.ToString(CultureInfo.InvariantCulture))
            {
                total += Ticks(fields) / 100.0;
            }
        }

        return total;
    }

    /// <summary>CPU seconds of the process's threads called <paramref name="threadName"/> (the OS thread name).</summary>
    public static double ThreadCpuSeconds(int pid, string threadName)
    {
        var total = 0.0;
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).Trim() == threadName)
                {
                    total += StatCpuSeconds(Path.Combine(task, "stat"));
                }
            }
        }
        catch (IOException)
        {
            // A thread ended while we looked.
        }

        return total;
    }

    /// <summary>The machine: cores, memory, load averages (the machine is shared).</summary>
    public static string Machine()
    {
        var memory = File.ReadAllLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var kb = long.Parse(memory.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        var cpu = File.ReadAllLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "unknown CPU";
        return string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores ({cpu}), {kb / 1024.0 / 1024:0.0} GiB memory");
    }

    public static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[..3] is var l ? string.Join(", ", l) : string.Empty;

    private static double StatCpuSeconds(string path) => Stat(path) is { } fields ? Ticks(fields) / 100.0 : 0;

    /// <summary>The fields of a /proc stat file after the command name (state, ppid, …); null when the process or thread is gone.</summary>
    private static string[]? Stat(string path)
    {
        try
        {
            var stat = File.ReadAllText(path);
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long Ticks(string[] fields) => long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
}

/// <summary>CPU use of a process (cores busy; with <paramref name="children"/> its live children too) and its busiest named thread between two instants.</summary>
internal sealed class CpuMeter(int pid, string? threadName = null, bool children = false)
{
    private double _cpu = Cpu(pid, children);
    private double _thread = threadName is null ? 0 : ProcessStats.ThreadCpuSeconds(pid, threadName);
    private DateTime _at = DateTime.UtcNow;

    /// <summary>Cores used since the last call (1.0 = one core fully busy), and the named thread's share of one core.</summary>
    public (double Cores, double Thread) Sample()
    {
        var now = DateTime.UtcNow;
        var cpu = Cpu(pid, children);
        var thread = threadName is null ? 0 : ProcessStats.ThreadCpuSeconds(pid, threadName);
        var seconds = Math.Max(0.001, (now - _at).TotalSeconds);
        var result = (Math.Max(0, cpu - _cpu) / seconds, (thread - _thread) / seconds);
        (_cpu, _thread, _at) = (cpu, thread, now);
        return result;
    }

    private static double Cpu(int pid, bool children) => children ? ProcessStats.TreeCpuSeconds(pid) : ProcessStats.CpuSeconds(pid);
}
