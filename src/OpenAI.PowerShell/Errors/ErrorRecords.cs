using System.Management.Automation;
using OpenAI.PowerShell.Http;

namespace OpenAI.PowerShell.Errors;

/// <summary>Turns engine failures into the ErrorRecords a user sees.</summary>
internal static class ErrorRecords
{
    /// <summary>Problems with the invocation itself (marked in ErrorIds): every later record would fail the same way.</summary>
    public static bool EndsTheCommand(OpenAIException error) => ErrorTable.Find(error.ErrorId)?.EndsCommand == true;

    public static ErrorRecord From(OpenAIException error)
    {
        var record = new ErrorRecord(error, error.ErrorId, ErrorCategories.Of(error.ErrorId, (int?)error.StatusCode), error.Target);
        // A JSONL report lists one problem a line; anywhere else a control character (from a file
        // name, say) is shown escaped, never raw.
        var jsonl = error is Uploads.InvalidJsonlException;
        var shown = SafeText.Of(error.Message, keepNewLines: jsonl);
        var support = error.RequestId is { Length: > 0 } requestId ? $"Quote request id {requestId} when asking OpenAI support about this error."
            : jsonl ? "Fix the lines named, or add -SkipValidation to send the file as it is."
            : null;
        var action = error.RecommendedAction is { Length: > 0 } first
            ? support is null ? first : first + " " + support
            : support;
        if (action is not null || !ReferenceEquals(shown, error.Message))
        {
            record.ErrorDetails = new ErrorDetails(shown) { RecommendedAction = action };
        }
        return record;
    }
}
