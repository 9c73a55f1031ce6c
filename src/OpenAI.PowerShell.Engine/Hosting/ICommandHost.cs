using OpenAI.PowerShell.Http;

namespace OpenAI.PowerShell.Hosting;

/// <summary>
/// The seam between command logic and PowerShell. Production wraps a PSCmdlet; tests record.
/// Calls made through <see cref="PipelineBridge"/> are safe from any thread: they are
/// queued and run on the pipeline thread.
/// </summary>
public interface ICommandHost
{
    void WriteObject(object value);
    void WriteVerbose(string message);
    void WriteDebug(string message);
    void WriteWarning(string message);
    void WriteProgress(ProgressInfo progress);
    /// <summary>A non-terminating error for one record; the pipeline goes on.</summary>
    void WriteError(OpenAIException error);
    bool ShouldProcess(string target, string action);
    CancellationToken CancellationToken { get; }
}

/// <summary>A progress record without PowerShell types; the adapter turns it into a ProgressRecord.</summary>
public sealed class ProgressInfo
{
    public int ActivityId { get; set; }
    public int ParentActivityId { get; set; } = -1;
    public string Activity { get; set; } = "";
    public string StatusDescription { get; set; } = "";
    public string? CurrentOperation { get; set; }
    public int PercentComplete { get; set; } = -1;
    public int SecondsRemaining { get; set; } = -1;
    public bool Completed { get; set; }
}
