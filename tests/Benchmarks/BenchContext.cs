using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Benchmarks;

/// <summary>What the sections share: options, the temp folder, the emulators, and child processes.</summary>
internal sealed class BenchContext : IDisposable
{
    private EmulatorProcess? _uncapped;
    private EmulatorProcess? _capped;

    public BenchContext(BenchOptions options, string tempRoot, CancellationToken token)
    {
        Options = options;
        TempRoot = tempRoot;
        Token = token;
    }

    public BenchOptions Options { get; }
    public string TempRoot { get; }
    public CancellationToken Token { get; }

    /// <summary>Where the emulators store parts and assembled files: the temp dir unless --emulator-storage.</summary>
    public string StorageRoot => Options.EmulatorStorage is { } dir ? Path.Combine(dir, Path.GetFileName(TempRoot)) : TempRoot;

    public EmulatorProcess Uncapped => _uncapped ??= EmulatorProcess.Start(Path.Combine(StorageRoot, "emulator"), null, 0);

    public EmulatorProcess Capped => _capped ??=
        EmulatorProcess.Start(Path.Combine(StorageRoot, "emulator-capped"), Options.CapBytesPerSecond, Options.LatencyMs);

    public static void Progress(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

    /// <summary>Creates a temp file of random bytes, refusing when the disk could not hold the run.</summary>
    /// <param name="serverBytes">What the emulator will store at once (parts plus the assembled file).</param>
    public string RandomFile(string name, long bytes, int seed, long serverBytes = 0)
    {
        EnsureFreeSpace(bytes, serverBytes);
        var path = Path.Combine(TempRoot, name);
        var clock = Stopwatch.StartNew();
        TempFiles.CreateRandomFile(path, bytes, seed);
        Progress($"  created {name} ({Stats.MiB(bytes)} MiB) in {clock.Elapsed.TotalSeconds:0.0} s");
        return path;
    }

    public void EnsureFreeSpace(long tempBytes, long serverBytes = 0)
    {
        const long margin = 2L << 30;
        var temp = MountOf(TempRoot);
        var server = MountOf(StorageRoot);
        var needs = temp.Name == server.Name
            ? new[] { (temp, tempBytes + serverBytes) }
            : [(temp, tempBytes), (server, serverBytes)];
        foreach (var (drive, bytes) in needs)
        {
            if (drive.AvailableFreeSpace < bytes + margin)
            {
                throw new IOException($"Not enough space on {drive.Name}: {drive.AvailableFreeSpace >> 20} MiB free, {(bytes + margin) >> 20} MiB needed.");
            }
        }
    }

    /// <summary>The mount holding a path (on Linux every path's root is "/", so match the longest mount point).</summary>
    private static DriveInfo MountOf(string path)
    {
        var full = Path.GetFullPath(path);
        return DriveInfo.GetDrives()
            .Where(d => full.StartsWith(d.RootDirectory.FullName, StringComparison.Ordinal) && d.IsReady)
            .OrderByDescending(d => d.RootDirectory.FullName.Length)
            .FirstOrDefault() ?? new DriveInfo(Path.GetPathRoot(full)!);
    }

    /// <summary>
    /// Flushes dirty pages (the files just written, the emulator's parts) so the next timed run
    /// does not pay for the previous one's disk writeback.
    /// </summary>
    public static void Settle()
    {
        if (!OperatingSystem.IsWindows())
        {
            SysSync();
        }
        Thread.Sleep(250);
    }

    [DllImport("libc", EntryPoint = "sync")]
    private static extern void SysSync();

    public static void Delete(string path)
    {
        try { File.Delete(path); } catch (IOException) { }
    }

    /// <summary>
    /// Runs this program again as a measuring child, so each measurement starts from a clean
    /// process. The child prints one line "RESULT {json}"; everything else is progress.
    /// </summary>
    public async Task<JsonElement> RunChildAsync(IEnumerable<string> args)
    {
        var self = Environment.ProcessPath ?? "dotnet";
        var psi = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            psi.ArgumentList.Add(typeof(BenchContext).Assembly.Location);
        }
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start the child.");
        using var kill = Token.Register(() => { try { process.Kill(true); } catch (InvalidOperationException) { } });
        var errors = new List<string>();
        var stderr = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                Console.Error.WriteLine("    child: " + line);
                errors.Add(line);
            }
        });
        string? result = null;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("RESULT ", StringComparison.Ordinal))
            {
                result = line["RESULT ".Length..];
            }
        }
        await process.WaitForExitAsync(Token);
        await stderr;
        if (process.ExitCode != 0 || result is null)
        {
            throw new InvalidOperationException($"The child exited {process.ExitCode} without a result: {string.Join(" | ", errors.TakeLast(5))}");
        }
        using var doc = JsonDocument.Parse(result);
        return doc.RootElement.Clone();
    }

    public void Dispose()
    {
        _uncapped?.Dispose();
        _capped?.Dispose();
        if (StorageRoot != TempRoot)
        {
            TempFiles.DeleteDirectory(StorageRoot);
        }
    }
}
