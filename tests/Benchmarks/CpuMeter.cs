using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Benchmarks;

/// <summary>CPU seconds used by the uploader side (this process and its reaped children, e.g. curl) and by the emulator.</summary>
internal readonly record struct CpuSnapshot(double Client, double Server)
{
    public static CpuSnapshot operator -(CpuSnapshot a, CpuSnapshot b) => new(a.Client - b.Client, a.Server - b.Server);
}

/// <summary>A timed upload with the CPU both sides spent on it.</summary>
internal readonly record struct Measured(UploadTiming Timing, CpuSnapshot Cpu);

/// <summary>
/// On a 2-core machine the uploader and the emulator share the CPU, so CPU seconds explain
/// loopback figures better than wall time alone.
/// </summary>
internal static class CpuMeter
{
    private const int RusageChildren = -1;

    public static CpuSnapshot Take(EmulatorProcess emulator) =>
        new(Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds + ChildrenSeconds(), emulator.CpuSeconds());

    public static async Task<Measured> MeasureAsync(EmulatorProcess emulator, Func<Task<UploadTiming>> upload)
    {
        var before = Take(emulator);
        var timing = await upload();
        return new Measured(timing, Take(emulator) - before);
    }

    /// <summary>CPU of children that have exited and been reaped (curl runs), from getrusage.</summary>
    private static double ChildrenSeconds()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }
        // struct rusage on 64-bit Linux: two timevals (user, system) then 14 longs.
        var usage = new long[18];
        return GetRusage(RusageChildren, usage) == 0 ? usage[0] + usage[1] / 1e6 + usage[2] + usage[3] / 1e6 : 0;
    }

    [DllImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static extern int GetRusage(int who, [Out] long[] usage);
}
