using System.Management.Automation;
using OpenAI.PowerShell.Http;

namespace OpenAI.PowerShell.Errors;

/// <summary>
/// The PowerShell ErrorCategory of an ErrorId. The engine's catalogue (ErrorIds) names each category
/// without referencing System.Management.Automation; this maps the name to the real enum.
/// </summary>
internal static class ErrorCategories
{
    public static ErrorCategory Of(string errorId, int? status)
    {
        // A gateway that failed or timed out is a connection problem, not a bad answer.
        if (errorId == ErrorIds.ServerError && status is 502 or 503 or 504)
        {
            return ErrorCategory.ConnectionError;
        }
        return ErrorTable.Find(errorId) is { } entry ? Of(entry.Category) : ErrorCategory.NotSpecified;
    }

    /// <summary>The ErrorCategory of the same name; a name ErrorCategory lacks is NotSpecified (the tests rule it out).</summary>
    public static ErrorCategory Of(ErrorCategoryName name) =>
        Enum.TryParse<ErrorCategory>(name.ToString(), out var category) ? category : ErrorCategory.NotSpecified;
}
