using System.Management.Automation;
using OpenAI.PowerShell.Hosting;
using OpenAI.PowerShell.Http;

namespace OpenAI.PowerShell.Commands;

/// <summary>
/// Base of every cmdlet: owns the cancellation that StopProcessing triggers and runs async
/// engine logic through the pipeline bridge, so host calls happen on the pipeline thread.
/// </summary>
public abstract class OpenAICmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private PipelineBridge? _bridge;

    internal PipelineBridge Bridge => _bridge ??= new PipelineBridge(new CmdletHost(this, () => _stopping.Token));

    /// <summary>Runs engine work; an OpenAIException that escapes it ends the command.</summary>
    internal void Run(Func<ICommandHost, Task> work)
    {
        try
        {
            Bridge.Run(work);
        }
        catch (OpenAIException ex)
        {
            ThrowTerminatingError(ErrorRecords.From(ex));
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>Resolves -Path (wildcards) or -LiteralPath to existing file-system files; each miss is an error record.</summary>
    internal IReadOnlyList<string> ResolveFiles(IEnumerable<string>? paths, bool literal)
    {
        var resolved = new List<string>();
        foreach (var path in paths ?? Array.Empty<string>())
        {
            try
            {
                ProviderInfo provider;
                IEnumerable<string> found;
                if (literal)
                {
                    found = new[] { SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _) };
                }
                else
                {
                    found = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider);
                }
                if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
                {
                    WriteError(ErrorRecords.From(new OpenAIException(ErrorIds.FileNotFound, OpenAIErrorCategory.InvalidArgument,
                        $"'{path}' is not a file-system path.") { Target = path }));
                    continue;
                }
                foreach (var file in found)
                {
                    if (File.Exists(file))
                    {
                        resolved.Add(file);
                    }
                    else
                    {
                        WriteError(ErrorRecords.From(new OpenAIException(ErrorIds.FileNotFound, OpenAIErrorCategory.ObjectNotFound,
                            Directory.Exists(file) ? $"'{file}' is a directory, not a file." : $"Cannot find the file '{file}'.") { Target = file }));
                    }
                }
            }
            catch (Exception ex) when (ex is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException)
            {
                WriteError(ErrorRecords.From(new OpenAIException(ErrorIds.FileNotFound, OpenAIErrorCategory.ObjectNotFound, ex.Message, ex) { Target = path }));
            }
        }
        return resolved;
    }

    public void Dispose()
    {
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }
}
