using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Benchmarks;

/// <summary>
/// The emulator in its own process, so its CPU-heavy receiving and its memory are not counted
/// with the uploader's, and curl and the engine talk to the very same server.
/// </summary>
internal sealed class EmulatorProcess : IDisposable
{
    public const string ApiKey = "sk-bench";
    private readonly Process _process;

    private EmulatorProcess(Process process, Uri baseUri, string storage)
    {
        _process = process;
        BaseUri = baseUri;
        StorageDirectory = storage;
    }

    public Uri BaseUri { get; }

    public double CpuSeconds()
    {
        _process.Refresh();
        return _process.HasExited ? 0 : _process.TotalProcessorTime.TotalSeconds;
    }

    public string StorageDirectory { get; }
    public int ProcessId => _process.Id;

    /// <summary>Why a client could not connect, if the emulator is gone; null while it runs.</summary>
    public string? ExitDescription()
    {
        _process.Refresh();
        return _process.HasExited ? $"the emulator (pid {_process.Id}) has exited with code {_process.ExitCode}" : null;
    }

    /// <param name="capBytesPerSecond">Per-connection cap, or null for none.</param>
    public static EmulatorProcess Start(string storage, long? capBytesPerSecond, double latencyMs)
    {
        var dll = FindEmulatorDll();
        Directory.CreateDirectory(storage);
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "--port", "0", "--key", ApiKey, "--storage", storage })
        {
            psi.ArgumentList.Add(arg);
        }
        if (capBytesPerSecond is { } cap)
        {
            psi.ArgumentList.Add("--bandwidth-mbps");
            psi.ArgumentList.Add((cap * 8 / 1_000_000.0).ToString("R", CultureInfo.InvariantCulture));
        }
        if (latencyMs > 0)
        {
            psi.ArgumentList.Add("--latency-ms");
            psi.ArgumentList.Add(latencyMs.ToString("R", CultureInfo.InvariantCulture));
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start the emulator.");
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new List<string>();
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }
            lock (log)
            {
                log.Add(line);
            }
            const string marker = "listening on ";
            var at = line.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                ready.TrySetResult(new Uri(line[(at + marker.Length)..].Trim().TrimEnd('/') + "/"));
            }
        }

        if (!ready.Task.Wait(TimeSpan.FromSeconds(30)))
        {
            TryKill(process);
            lock (log)
            {
                throw new InvalidOperationException("The emulator did not start:\n" + string.Join('\n', log));
            }
        }
        var emulator = new EmulatorProcess(process, ready.Task.Result, storage);
        Console.Error.WriteLine($"  emulator pid {process.Id} at {emulator.BaseUri}" +
            (capBytesPerSecond is { } c ? $" (cap {c / 1e6:0.#} MB/s per connection, latency {latencyMs} ms)" : " (uncapped)"));
        return emulator;
    }

    /// <summary>Deletes assembled files and any parts left behind, so GB-sized runs do not fill the disk; then settles.</summary>
    public void ClearStoredFiles()
    {
        foreach (var sub in new[] { "files", "parts" })
        {
            var dir = Path.Combine(StorageDirectory, sub);
            if (!Directory.Exists(dir))
            {
                continue;
            }
            foreach (var file in Directory.EnumerateFiles(dir))
            {
                try { File.Delete(file); } catch (IOException) { }
            }
        }
        BenchContext.Settle();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            // SIGTERM lets the emulator shut Kestrel down; kill only if it does not.
            if (!OperatingSystem.IsWindows())
            {
                _ = SysKill(_process.Id, 15);
            }
            if (OperatingSystem.IsWindows() || !_process.WaitForExit(5000))
            {
                TryKill(_process);
            }
        }
        _process.Dispose();
        TempFiles.DeleteDirectory(StorageDirectory);
    }

    private static void TryKill(Process process)
    {
        try { process.Kill(entireProcessTree: true); process.WaitForExit(5000); } catch (InvalidOperationException) { }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int signal);

    /// <summary>The emulator's build output: copied next to this program by the project reference.</summary>
    private static string FindEmulatorDll()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "OpenAI.Emulator.dll");
        if (File.Exists(beside) && File.Exists(Path.ChangeExtension(beside, ".runtimeconfig.json")))
        {
            return beside;
        }
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var inRepo = Path.Combine(RepoPaths.Root, "tests", "OpenAI.Emulator", "bin", configuration, "net10.0", "OpenAI.Emulator.dll");
        return File.Exists(inRepo) ? inRepo : throw new FileNotFoundException("Build the emulator first: dotnet build tests/OpenAI.Emulator", inRepo);
    }
}
