using System.Diagnostics;
using System.Text.Json;

namespace Benchmarks;

/// <summary>One pwsh process: what its script measured (its "RESULT {json}" line) and how long the whole process took.</summary>
internal readonly record struct PwshRun(JsonElement Result, double ProcessSeconds);

/// <summary>
/// Runs Pwsh/UserPath.ps1 in a fresh pwsh process: the user's real path, the module imported
/// from its built folder (out/OpenAI.PowerShell), against the out-of-process emulator.
/// pwsh is the repository's local dotnet tool (dotnet-tools.json), started as
/// "dotnet &lt;PSHOME&gt;/pwsh.dll" so there is one process to time and measure, not the tool
/// launcher and its child.
/// </summary>
internal sealed class PwshRunner
{
    private readonly string[] _command;

    private PwshRunner(string[] command, string script, string module)
    {
        _command = command;
        Script = script;
        Module = module;
    }

    public string Script { get; }
    public string Module { get; }
    public string Describe => string.Join(' ', _command);

    /// <summary>The same pwsh and module with another script of Pwsh/ (e.g. BatchPath.ps1).</summary>
    public PwshRunner WithScript(string fileName) =>
        new(_command, Path.Combine(Path.GetDirectoryName(Script)!, fileName), Module);

    /// <summary>Finds pwsh (restoring the local tool if needed), the script and the built module.</summary>
    /// <param name="explicitPath">--pwsh: a pwsh executable or a pwsh.dll; null for the local tool.</param>
    public static async Task<PwshRunner> LocateAsync(string? explicitPath, CancellationToken ct)
    {
        var module = Path.Combine(RepoPaths.Root, "out", "OpenAI.PowerShell", "OpenAI.PowerShell.psd1");
        if (!File.Exists(module))
        {
            throw new FileNotFoundException("Build the module first: dotnet build OpenAI.PowerShell.sln -c Release", module);
        }
        var script = Path.Combine(AppContext.BaseDirectory, "Pwsh", "UserPath.ps1");
        if (!File.Exists(script))
        {
            script = Path.Combine(RepoPaths.Root, "tests", "Benchmarks", "Pwsh", "UserPath.ps1");
        }
        var path = explicitPath;
        if (path is null)
        {
            var (restore, _, restoreErrors) = await RunToEndAsync(["dotnet", "tool", "restore"], ct);
            if (restore != 0)
            {
                throw new InvalidOperationException($"dotnet tool restore failed: {restoreErrors}");
            }
            var (code, home, errors) = await RunToEndAsync(["dotnet", "pwsh", "-NoProfile", "-NonInteractive", "-Command", "$PSHOME"], ct);
            if (code != 0)
            {
                throw new InvalidOperationException($"dotnet pwsh exited {code}: {errors}");
            }
            path = Path.Combine(home.Trim(), "pwsh.dll");
        }
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("pwsh not found.", path);
        }
        string[] command = path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? ["dotnet", path] : [path];
        return new PwshRunner(command, script, module);
    }

    /// <summary>Runs the script with these arguments; fails unless it exits 0 with a RESULT line.</summary>
    /// <param name="onLine">Sees every stdout line as it comes (e.g. a script saying it has begun the timed part).</param>
    public async Task<PwshRun> RunAsync(IEnumerable<string> scriptArgs, CancellationToken ct, Action<string>? onLine = null)
    {
        var psi = Start([.. _command, "-NoProfile", "-NonInteractive", "-File", Script, "-Module", Module, .. scriptArgs]);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start pwsh.");
        using var kill = ct.Register(() => { try { process.Kill(true); } catch (InvalidOperationException) { } });
        var stderr = process.StandardError.ReadToEndAsync(ct);
        string? result = null;
        while (await process.StandardOutput.ReadLineAsync(ct) is { } line)
        {
            onLine?.Invoke(line);
            if (line.StartsWith("RESULT ", StringComparison.Ordinal))
            {
                result = line["RESULT ".Length..];
            }
        }
        await process.WaitForExitAsync(ct);
        clock.Stop();
        var errors = await stderr;
        if (process.ExitCode != 0 || result is null)
        {
            throw new InvalidOperationException($"pwsh exited {process.ExitCode} without a result: {Tail(errors)}");
        }
        using var doc = JsonDocument.Parse(result);
        return new PwshRun(doc.RootElement.Clone(), clock.Elapsed.TotalSeconds);
    }

    private static ProcessStartInfo Start(IReadOnlyList<string> command)
    {
        var psi = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // Inside the repository, so "dotnet pwsh" finds the local tool manifest.
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var arg in command.Skip(1))
        {
            psi.ArgumentList.Add(arg);
        }
        // No telemetry ping or update check in the timed process; no colour codes in error text.
        psi.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["POWERSHELL_UPDATECHECK"] = "Off";
        psi.Environment["NO_COLOR"] = "1";
        return psi;
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunToEndAsync(IReadOnlyList<string> command, CancellationToken ct)
    {
        using var process = Process.Start(Start(command)) ?? throw new InvalidOperationException($"Could not start {command[0]}.");
        using var kill = ct.Register(() => { try { process.Kill(true); } catch (InvalidOperationException) { } });
        var stderr = process.StandardError.ReadToEndAsync(ct);
        var stdout = await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, stdout, await stderr);
    }

    private static string Tail(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(" | ", lines.TakeLast(8));
    }
}
