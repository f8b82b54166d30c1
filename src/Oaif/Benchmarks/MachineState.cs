using System.Globalization;

namespace Oaif.Benchmarks;

/// <summary>
/// What the machine looked like: cores, torch threads, the 1/5/15-minute load average (Linux
/// /proc/loadavg; empty elsewhere) and the process's peak resident memory.
/// </summary>
public static class MachineState
{
    /// <summary>Logical cores visible to this process.</summary>
    public static int Cores => Environment.ProcessorCount;

    /// <summary>torch intra-op threads.</summary>
    public static int TorchThreads => TorchSharp.torch.get_num_threads();

    /// <summary>1, 5 and 15-minute load averages, or an empty array when /proc/loadavg is missing.</summary>
    public static double[] LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ').Take(3)
                .Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        }
        catch (IOException) { return []; }
        catch (UnauthorizedAccessException) { return []; }
    }

    /// <summary>
    /// Peak resident set in MiB: VmHWM from /proc/self/status, else Process.PeakWorkingSet64 (which
    /// .NET on Linux also reads from VmHWM when it can).
    /// </summary>
    public static double PeakResidentMiB()
    {
        var kib = StatusKiB("VmHWM:");
        return kib is { } k ? k / 1024.0
            : System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024);
    }

    /// <summary>Current resident set in MiB (VmRSS), or NaN when unknown.</summary>
    public static double ResidentMiB() => StatusKiB("VmRSS:") is { } k ? k / 1024.0 : double.NaN;

    /// <summary>
    /// Resets the kernel's peak-RSS mark to the current RSS (writing 5 to /proc/self/clear_refs, Linux
    /// 4.0+), so a later <see cref="PeakResidentMiB"/> covers only what ran in between. False when the
    /// kernel refused; the peak then covers the whole process.
    /// </summary>
    public static bool ResetPeakResident()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    static long? StatusKiB(string field)
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field));
            var number = line?[field.Length..].Trim().Split(' ')[0];
            return number is null ? null : long.Parse(number, CultureInfo.InvariantCulture);
        }
        catch (IOException) { return null; }
    }
}
