using System.Net;

namespace OpenAI.PowerShell.Http;

/// <summary>
/// Every failure the engine reports: an API error (with status, type, code, param and request id)
/// or a check made before sending. ErrorId is stable and has the form OpenAI.Reason.
/// The message never holds the API key.
/// </summary>
public class OpenAIException : Exception
{
    public OpenAIException(string errorId, string message, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
    }

    public string ErrorId { get; }
    public HttpStatusCode? StatusCode { get; init; }
    public string? ErrorType { get; init; }
    public string? ErrorCode { get; init; }
    public string? Param { get; init; }
    public string? RequestId { get; init; }
    /// <summary>The object the error is about (a file path, an upload id), for the ErrorRecord's target.</summary>
    public object? Target { get; set; }
    /// <summary>What to do about it, when the engine knows more than the server said (such as a shut-down model's replacement).</summary>
    public string? RecommendedAction { get; set; }
    /// <summary>How many attempts were made before giving up, when the error came from the server.</summary>
    public int Attempts { get; init; }

    public override string ToString() => $"{GetType().FullName} ({ErrorId}): {Message}";
}
