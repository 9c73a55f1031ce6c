using System.Management.Automation;
using System.Management.Automation.Runspaces;
using OpenAI.Emulator;

namespace OpenAI.PowerShell.Hosted.Tests.Hosting;

/// <summary>
/// A real runspace with the built module imported and its context pointed at an emulator.
/// Scripts run as a user would type them; the result holds every stream.
/// </summary>
public sealed class PowerShellSession : IDisposable
{
    private readonly Runspace _runspace;

    private PowerShellSession(Runspace runspace, TestHost host, string workingDirectory)
    {
        _runspace = runspace;
        Host = host;
        WorkingDirectory = workingDirectory;
    }

    public TestHost Host { get; }

    /// <summary>The session's current location; relative paths in scripts resolve here.</summary>
    public string WorkingDirectory { get; }

    /// <summary>
    /// Opens a runspace, imports out/OpenAI.PowerShell, sets the location and, with a server,
    /// points the session context at it. <paramref name="width"/> is the console width.
    /// </summary>
    public static PowerShellSession Start(EmulatorServer? server, string workingDirectory, int width = 120, int maxRetries = 1)
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(RepoPaths.ModuleManifest);
        state.ThrowOnRunspaceOpenError = true;
        var host = new TestHost(width);
        var runspace = RunspaceFactory.CreateRunspace(host, state);
        runspace.Open();
        var session = new PowerShellSession(runspace, host, workingDirectory);
        var setup = session.Run("Set-Location -LiteralPath $args[0]", workingDirectory);
        setup.ThrowIfFailed();
        if (server is not null)
        {
            session.Run(
                "Set-OAIContext -BaseUri $args[0] -ApiKey (ConvertTo-SecureString $args[1] -AsPlainText -Force) -MaxRetries $args[2]",
                server.BaseUri.ToString(), server.ApiKey, maxRetries).ThrowIfFailed();
        }
        host.ClearText();
        return session;
    }

    /// <summary>Runs a script; positional arguments are $args[0], $args[1], ...</summary>
    public RunResult Run(string script, params object?[] args)
    {
        using var shell = System.Management.Automation.PowerShell.Create();
        shell.Runspace = _runspace;
        shell.AddScript(script);
        foreach (var arg in args)
        {
            shell.AddArgument(arg);
        }
        return Invoke(shell);
    }

    /// <summary>Runs a script and calls Stop() (Ctrl+C) once <paramref name="stopWhen"/> is true or after <paramref name="stopAfter"/>.</summary>
    public (RunResult Result, TimeSpan StopTook) RunAndStop(string script, TimeSpan stopAfter, Func<bool>? stopWhen = null)
    {
        using var shell = System.Management.Automation.PowerShell.Create();
        shell.Runspace = _runspace;
        shell.AddScript(script);
        var started = DateTime.UtcNow;
        var stopper = Task.Run(async () =>
        {
            while (DateTime.UtcNow - started < stopAfter && !(stopWhen?.Invoke() ?? false))
            {
                await Task.Delay(10);
            }
            var stopping = DateTime.UtcNow;
            shell.Stop();
            return DateTime.UtcNow - stopping;
        });
        var result = Invoke(shell);
        return (result, stopper.GetAwaiter().GetResult());
    }

    private RunResult Invoke(System.Management.Automation.PowerShell shell)
    {
        var before = Host.Text.Length;
        var result = new RunResult();
        try
        {
            foreach (var item in shell.Invoke())
            {
                result.Output.Add(item);
            }
        }
        catch (RuntimeException ex)
        {
            result.Terminating = ex.ErrorRecord;
        }
        result.Errors.AddRange(shell.Streams.Error);
        result.Warnings.AddRange(shell.Streams.Warning.Select(w => w.Message));
        result.Verbose.AddRange(shell.Streams.Verbose.Select(v => v.Message));
        result.Debug.AddRange(shell.Streams.Debug.Select(d => d.Message));
        result.Information.AddRange(shell.Streams.Information.Select(i => i.MessageData?.ToString() ?? ""));
        result.Progress.AddRange(shell.Streams.Progress);
        result.HostText = Host.Text[before..];
        return result;
    }

    public void Dispose() => _runspace.Dispose();
}
