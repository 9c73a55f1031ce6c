using System.Management.Automation;
using OpenAI.PowerShell.Http;

namespace OpenAI.PowerShell.Errors;

/// <summary>Turns engine failures into the ErrorRecords a user sees.</summary>
internal static class ErrorRecords
{
    /// <summary>Problems with the invocation itself: every later record would fail the same way.</summary>
    private static readonly HashSet<string> InvocationErrors = new(StringComparer.Ordinal)
    {
        ErrorIds.MissingApiKey, ErrorIds.UnencryptedAuthentication, ErrorIds.InvalidBaseUri, ErrorIds.InvalidProxy,
        Images.ImageErrorIds.PassThruNeedsOutput, Images.ImageErrorIds.PartialImagesNeedStream,
    };

    public static bool EndsTheCommand(OpenAIException error) => InvocationErrors.Contains(error.ErrorId);

    public static ErrorRecord From(OpenAIException error)
    {
        var record = new ErrorRecord(error, error.ErrorId, ErrorCategories.Of(error.ErrorId, (int?)error.StatusCode), error.Target);
        if (error.RequestId is { Length: > 0 } requestId)
        {
            record.ErrorDetails = new ErrorDetails(error.Message) { RecommendedAction = $"Quote request id {requestId} when asking OpenAI support about this error." };
        }
        return record;
    }
}
