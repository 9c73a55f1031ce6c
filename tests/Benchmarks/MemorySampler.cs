using System.Diagnostics;

namespace Benchmarks;

/// <summary>One reading of this process's memory.</summary>
internal readonly record struct MemoryReading(long WorkingSet, long Private, long Managed, long GcHeap, long GcCommitted)
{
    public static MemoryReading Now(Process self)
    {
        self.Refresh();
        var info = GC.GetGCMemoryInfo();
        return new MemoryReading(self.WorkingSet64, self.PrivateMemorySize64, GC.GetTotalMemory(false), info.HeapSizeBytes, info.TotalCommittedBytes);
    }

    public static MemoryReading Max(MemoryReading a, MemoryReading b) => new(
        Math.Max(a.WorkingSet, b.WorkingSet), Math.Max(a.Private, b.Private), Math.Max(a.Managed, b.Managed),
        Math.Max(a.GcHeap, b.GcHeap), Math.Max(a.GcCommitted, b.GcCommitted));
}

/// <summary>
/// Samples working set and GC figures every 50 ms on its own thread (not the thread pool, which
/// the upload keeps busy), and reads the kernel's exact peak RSS where it can be reset.
/// </summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Process _self = Process.GetCurrentProcess();
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _stop = new();
    private readonly TimeSpan _interval;
    private MemoryReading _peak;
    private int _samples;

    public MemorySampler(TimeSpan? interval = null)
    {
        _interval = interval ?? TimeSpan.FromMilliseconds(50);
        _peak = MemoryReading.Now(_self);
        _thread = new Thread(Loop) { IsBackground = true, Name = "memory sampler" };
        _thread.Start();
    }

    public int Samples => Volatile.Read(ref _samples);

    public MemoryReading Stop()
    {
        _stop.Set();
        _thread.Join();
        lock (_thread)
        {
            _peak = MemoryReading.Max(_peak, MemoryReading.Now(_self));
            return _peak;
        }
    }

    private void Loop()
    {
        while (!_stop.Wait(_interval))
        {
            var now = MemoryReading.Now(_self);
            lock (_thread)
            {
                _peak = MemoryReading.Max(_peak, now);
            }
            Interlocked.Increment(ref _samples);
        }
    }

    public void Dispose() => _stop.Dispose();

    /// <summary>Full blocking GC and a short settle, so "idle" is what the process really keeps.</summary>
    public static MemoryReading Idle()
    {
        for (var i = 0; i < 2; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        Thread.Sleep(300);
        return MemoryReading.Now(Process.GetCurrentProcess());
    }

    /// <summary>
    /// Resets the kernel's peak RSS (VmHWM) so PeakWorkingSet64 afterwards covers only what follows.
    /// Linux only; false when not possible, and then the peak includes warm-up.
    /// </summary>
    public static bool TryResetPeak()
    {
        try
        {
            if (!OperatingSystem.IsLinux())
            {
                return false;
            }
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static long PeakWorkingSet()
    {
        var self = Process.GetCurrentProcess();
        self.Refresh();
        return self.PeakWorkingSet64;
    }
}
