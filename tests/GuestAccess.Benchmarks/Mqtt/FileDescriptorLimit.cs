using System.Runtime.InteropServices;

namespace GuestAccess.Benchmarks.Mqtt;

/// <summary>Raises the soft RLIMIT_NOFILE to the hard limit (children, i.e. both brokers, inherit it).</summary>
internal static partial class FileDescriptorLimit
{
    private const int RlimitNoFile = 7;

    public static ulong RaiseSoftToHard()
    {
        if (!OperatingSystem.IsLinux() || GetRLimit(RlimitNoFile, out var limit) != 0)
        {
            return 0;
        }

        if (limit.Current < limit.Maximum)
        {
            limit.Current = limit.Maximum;
            _ = SetRLimit(RlimitNoFile, ref limit);
        }

        return GetRLimit(RlimitNoFile, out limit) == 0 ? limit.Current : 0;
    }

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetRLimit(int resource, out RLimit limit);

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static partial int SetRLimit(int resource, ref RLimit limit);

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }
}
