using OpenAI.PowerShell.Http;

namespace OpenAI.PowerShell.Uploads;

/// <summary>An upload that could not be finished, and how it was left on the server.</summary>
public sealed class UploadAbandonedException : OpenAIException
{
    /// <summary>Carries the server's answer when <paramref name="cause"/> is one, so a script sees its ErrorId and status.</summary>
    public UploadAbandonedException(string message, Exception cause) : base((cause as OpenAIException)?.ErrorId ?? ErrorIds.PartsFailed, message, cause)
    {
        if (cause is OpenAIException server)
        {
            StatusCode = server.StatusCode;
            ErrorType = server.ErrorType;
            ErrorCode = server.ErrorCode;
            Param = server.Param;
            RequestId = server.RequestId;
            Attempts = server.Attempts;
        }
    }

    public string UploadId { get; init; } = "";
    internal AbandonOutcome Outcome { get; init; } = new(AbandonResult.Kept, null);
    /// <summary>Ctrl+C ended it, not a failure.</summary>
    public bool WasStopped { get; init; }
    /// <summary>Parts sent: of the whole file for Send-OAIFile, in this call for Add-OAIUploadPart.</summary>
    public int PartsDone { get; internal set; }
    /// <summary>The file's parts (Send-OAIFile); 0 where the total is not known.</summary>
    public int TotalParts { get; internal set; }
    /// <summary>The resume record that stays, when the upload was kept or could not be cancelled.</summary>
    public string? ResumeRecord { get; internal set; }
    public DateTimeOffset ExpiresAt { get; internal set; }
    /// <summary>The upload's purpose, which a command that resumes it must name again.</summary>
    public string Purpose { get; internal set; } = "";
}

/// <summary>A resume record of a kept upload is in the way of a new send of the same file (OpenAI.ResumeStateExists).</summary>
public sealed class KeptUploadException : OpenAIException
{
    public KeptUploadException(string message) : base(ErrorIds.ResumeStateExists, message)
    {
    }

    public string UploadId { get; init; } = "";
    public string RecordPath { get; init; } = "";
    public string Purpose { get; init; } = "";
}
