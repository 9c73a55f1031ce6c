using System.Management.Automation;
using OpenAI.PowerShell.Async;
using OpenAI.PowerShell.Errors;
using OpenAI.PowerShell.Http;

namespace OpenAI.PowerShell.Commands;

/// <summary>Base of every cmdlet: the module's state and path resolution.</summary>
public abstract class OpenAICmdlet : AsyncCmdlet
{
    private ModuleState? _state;

    internal ModuleState State => _state ??= ModuleState.For(this);

    /// <summary>
    /// Checks an argument of the invocation before any record, in the engine, so a bad value ends the
    /// command with the check's own OpenAI.* ErrorId instead of PowerShell's validation message.
    /// </summary>
    internal void CheckArgument(Action check)
    {
        try
        {
            check();
        }
        catch (OpenAIException error)
        {
            ThrowTerminatingError(ErrorRecords.From(error));
        }
    }

    /// <summary>
    /// A path the command writes to or reads as given (a folder, an output file), resolved against the
    /// current location without wildcards. Only the file system holds files: a path on another drive
    /// (Env:, Cert:) or an unknown one ends the command with OpenAI.FileNotFound.
    /// </summary>
    internal string? ResolveFileSystemPath(string? path)
    {
        if (path is null)
        {
            return null;
        }
        try
        {
            var resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
            if (provider.ImplementingType == typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
            {
                return resolved;
            }
        }
        catch (Exception ex) when (ex is System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException)
        {
            ThrowTerminatingError(ErrorRecords.From(new OpenAIException(ErrorIds.FileNotFound, ex.Message, ex) { Target = path }));
        }
        ThrowTerminatingError(ErrorRecords.From(new OpenAIException(ErrorIds.FileNotFound,
            $"'{path}' is not a file-system path.") { Target = path }));
        return null;
    }

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
                    WriteError(ErrorRecords.From(new OpenAIException(ErrorIds.FileNotFound, $"'{path}' is not a file-system path.") { Target = path }));
                    continue;
                }
                var matches = found.ToList();
                if (matches.Count == 0)
                {
                    // A wildcard that matches nothing resolves to nothing, without an error: say so, as Get-Content does.
                    WriteError(ErrorRecords.From(new OpenAIException(ErrorIds.FileNotFound, $"No file matches '{path}'.") { Target = path }));
                    continue;
                }
                foreach (var file in matches)
                {
                    if (File.Exists(file))
                    {
                        resolved.Add(file);
                    }
                    else
                    {
                        WriteError(ErrorRecords.From(new OpenAIException(ErrorIds.FileNotFound,
                            Directory.Exists(file) ? $"'{file}' is a directory, not a file." : $"Cannot find the file '{file}'.") { Target = path }));
                    }
                }
            }
            catch (Exception ex) when (ex is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException)
            {
                WriteError(ErrorRecords.From(new OpenAIException(ErrorIds.FileNotFound, ex.Message, ex) { Target = path }));
            }
        }
        return resolved;
    }
}
