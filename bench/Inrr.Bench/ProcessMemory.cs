namespace Inrr.Bench;

/// <summary>Resident memory of this process, from /proc (Linux) or the runtime's working set elsewhere.</summary>
internal static class ProcessMemory
{
    /// <summary>Current resident set size in MiB.</summary>
    public static double ResidentMiB() => ReadStatusKiB("VmRSS:") is long kib ? kib / 1024.0 : Environment.WorkingSet / 1048576.0;

    /// <summary>Peak resident set size of the process so far in MiB (VmHWM), or the current one where unknown.</summary>
    public static double PeakResidentMiB() => ReadStatusKiB("VmHWM:") is long kib ? kib / 1024.0 : ResidentMiB();

    private static long? ReadStatusKiB(string key)
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return null;
        foreach (var line in File.ReadLines(status))
            if (line.StartsWith(key, StringComparison.Ordinal))
                return long.Parse(line[key.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        return null;
    }
}
