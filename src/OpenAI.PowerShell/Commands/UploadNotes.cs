using OpenAI.PowerShell.Model;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Commands;

/// <summary>How the upload cmdlets word what the engine reports: What-if actions, how an upload was left, and what to run next.</summary>
internal static class UploadNotes
{
    /// <summary>Send-OAIFile: the file's parts, and the command that resumes it.</summary>
    public static string Abandoned(UploadAbandonedException ex, string path)
    {
        var expires = ex.ExpiresAt == default ? "" : $" before {ex.ExpiresAt:u}";
        return Note(ex, $"{ex.PartsDone} of {ex.TotalParts} part(s) were sent", $"run {ResumeCommand(path, ex.Purpose, ex.ResumeRecord)}{expires}", "send the file again without -Resume");
    }

    /// <summary>Send-OAIFile refused to start over a kept upload: the two ways on.</summary>
    public static string KeptUpload(KeptUploadException ex, string path) =>
        $"To finish it, run {ResumeCommand(path, ex.Purpose, ex.RecordPath)}. To start again, run Stop-OAIUpload -UploadId {ex.UploadId}; Remove-Item -LiteralPath {Quote(ex.RecordPath)}";

    /// <summary>A command that runs as printed, non-interactively: the mandatory -Purpose, and -KeepOnFailure so a second failure keeps it too.</summary>
    private static string ResumeCommand(string path, string purpose, string? record) =>
        $"Send-OAIFile -LiteralPath {Quote(path)} -Purpose {Quote(purpose)} -KeepOnFailure -Resume{StatePathArgument(record, path)}";

    private static string Quote(string text) => "'" + text.Replace("'", "''") + "'";

    /// <summary>Add-OAIUploadPart: the parts this call sent; the caller knows which are missing.</summary>
    public static string PartsAbandoned(UploadAbandonedException ex) =>
        Note(ex, $"{ex.PartsDone} part(s) sent in this call", "add the missing parts again before it expires", "start a new upload");

    private static string Note(UploadAbandonedException ex, string done, string finish, string restart)
    {
        var why = ex.WasStopped ? "the command was stopped" : "it failed";
        return ex.Outcome.Result switch
        {
            AbandonResult.Kept =>
                $"Upload {ex.UploadId} is kept ({why}; {done}). To finish it, {finish}; to drop it, run Stop-OAIUpload -UploadId {ex.UploadId}.",
            AbandonResult.Cancelled =>
                $"Upload {ex.UploadId} was cancelled because {why} ({done}). Pass -KeepOnFailure to keep an upload for another try.",
            AbandonResult.AlreadyClosed =>
                $"Upload {ex.UploadId} no longer takes parts ({done}); nothing was left to cancel or keep. To send it, {restart}.",
            _ =>
                $"Upload {ex.UploadId} is still open ({why}; {done}) because it could not be cancelled: {ex.Outcome.Reason}. To finish it, {finish}; to cancel it, run Stop-OAIUpload -UploadId {ex.UploadId}.",
        };
    }

    private static string StatePathArgument(string? record, string path) =>
        record is null || record == ResumeState.DefaultPathFor(path) ? "" : $" -StatePath {Quote(record)}";

    /// <summary>Send-OAIFile's What-if text.</summary>
    public static string SendAction(SendFilePlan plan) => plan.Resumed is { } resumed
        ? $"Resume upload {resumed.UploadId}: send {plan.PartsToSend} missing of {plan.TotalParts} part(s)"
        : $"Upload {ByteSize.Format(plan.File.Length)} for purpose '{plan.Options.Purpose}' in {plan.TotalParts} part(s), {plan.Options.ThrottleLimit} at a time";

    /// <summary>Add-OAIUploadPart -Path's What-if text.</summary>
    public static string AddFileAction(AddFilePlan plan) =>
        $"Add {plan.Ranges.Count} part(s) ({ByteSize.Format(plan.Length)}) from '{plan.Path}' as parts {plan.FirstPartNumber}-{plan.FirstPartNumber + plan.Ranges.Count - 1}, {plan.ThrottleLimit} at a time";

    /// <summary>Complete-OAIUpload's What-if text.</summary>
    public static string CompleteAction(CompletePlan plan) =>
        $"Complete upload with {plan.PartIds.Count} part(s) ({(plan.TotalBytes is { } known ? $"{ByteSize.Format(known)}, " : "")}{(plan.Md5 is null ? "no md5" : "md5 " + plan.Md5)})";

    /// <summary>Complete-OAIUpload's verbose line on the md5 it sends.</summary>
    public static string Md5Note(CompletePlan plan) => plan.Md5Source switch
    {
        Md5Source.Given => $"Upload '{plan.UploadId}': sending the md5 {plan.Md5} that was given.",
        Md5Source.Computed => $"Upload '{plan.UploadId}': sending md5 {plan.Md5} computed while the parts were sent.",
        _ => $"Upload '{plan.UploadId}': no md5 sent, because its bytes did not all pass through this session in order.",
    };
}
