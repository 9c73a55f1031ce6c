using System.Management.Automation;
using OpenAI.PowerShell.Hosting;
using OpenAI.PowerShell.Http;

namespace OpenAI.PowerShell.Commands;

/// <summary>The production side of the seam: every call goes straight to the PSCmdlet, on the pipeline thread.</summary>
internal sealed class CmdletHost : ICommandHost
{
    private readonly PSCmdlet _cmdlet;
    private readonly Func<CancellationToken> _token;

    public CmdletHost(PSCmdlet cmdlet, Func<CancellationToken> token)
    {
        _cmdlet = cmdlet;
        _token = token;
    }

    public CancellationToken CancellationToken => _token();

    public void WriteObject(object value) => _cmdlet.WriteObject(value);
    public void WriteVerbose(string message) => _cmdlet.WriteVerbose(message);
    public void WriteDebug(string message) => _cmdlet.WriteDebug(message);
    public void WriteWarning(string message) => _cmdlet.WriteWarning(message);
    public bool ShouldProcess(string target, string action) => _cmdlet.ShouldProcess(target, action);
    public void WriteError(OpenAIException error) => _cmdlet.WriteError(ErrorRecords.From(error));

    public void WriteProgress(ProgressInfo progress)
    {
        var record = new ProgressRecord(progress.ActivityId, progress.Activity, string.IsNullOrEmpty(progress.StatusDescription) ? " " : progress.StatusDescription)
        {
            ParentActivityId = progress.ParentActivityId,
            CurrentOperation = progress.CurrentOperation,
            PercentComplete = Math.Min(100, progress.PercentComplete),
            SecondsRemaining = progress.SecondsRemaining,
            RecordType = progress.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
        };
        _cmdlet.WriteProgress(record);
    }
}

internal static class ErrorRecords
{
    public static ErrorRecord From(OpenAIException error)
    {
        var category = Enum.TryParse<ErrorCategory>(error.Category.ToString(), out var parsed) ? parsed : ErrorCategory.NotSpecified;
        var record = new ErrorRecord(error, error.ErrorId, category, error.Target);
        if (error.RequestId is { Length: > 0 } requestId)
        {
            record.ErrorDetails = new ErrorDetails(error.Message) { RecommendedAction = $"Quote request id {requestId} when asking OpenAI support about this error." };
        }
        return record;
    }
}
