using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Commands;

/// <summary>What a user is told about an upload that could not be finished, and what to run next.</summary>
internal static class UploadNotes
{
    public static string Abandoned(UploadAbandonedException ex, string path)
    {
        var why = ex.WasStopped ? "the command was stopped" : "it failed";
        var done = $"{ex.PartsDone} of {ex.TotalParts} part(s) were sent";
        var expires = ex.ExpiresAt == default ? "" : $" before {ex.ExpiresAt.ToLocalTime():g}";
        var resume = $"Send-OAIFile -LiteralPath '{path}' -Resume{StatePathArgument(ex.ResumeRecord, path)}";
        return ex.Outcome.Result switch
        {
            AbandonResult.Kept =>
                $"Upload {ex.UploadId} is kept ({why}; {done}). To finish it, run {resume}{expires}; to drop it, run Stop-OAIUpload -UploadId {ex.UploadId}.",
            AbandonResult.Cancelled =>
                $"Upload {ex.UploadId} was cancelled because {why} ({done}). Pass -KeepOnFailure to keep an upload for another try.",
            AbandonResult.AlreadyClosed =>
                $"Upload {ex.UploadId} no longer takes parts ({done}); nothing was left to cancel.",
            _ =>
                $"Upload {ex.UploadId} is still open ({why}; {done}) because it could not be cancelled: {ex.Outcome.Reason}. Run {resume}{expires} to finish it, or Stop-OAIUpload -UploadId {ex.UploadId} to cancel it.",
        };
    }

    private static string StatePathArgument(string? record, string path) =>
        record is null || record == ResumeState.DefaultPathFor(path) ? "" : $" -StatePath '{record}'";
}
