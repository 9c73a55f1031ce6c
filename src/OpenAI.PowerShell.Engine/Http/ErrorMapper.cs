using System.Net;
using System.Net.Http;
using System.Text.Json;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Http;

/// <summary>Turns an API error response into an OpenAIException with a stable ErrorId.</summary>
internal static class ErrorMapper
{
    public static ErrorWire? ParseBody(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<ErrorEnvelopeWire>(body)?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static (string ErrorId, OpenAIErrorCategory Category) Classify(int status, string? code) => status switch
    {
        400 or 422 => (ErrorIds.InvalidRequest, OpenAIErrorCategory.InvalidArgument),
        401 => (ErrorIds.Unauthorized, OpenAIErrorCategory.AuthenticationError),
        403 => (ErrorIds.PermissionDenied, OpenAIErrorCategory.PermissionDenied),
        404 => (ErrorIds.NotFound, OpenAIErrorCategory.ObjectNotFound),
        408 => (ErrorIds.RequestTimeout, OpenAIErrorCategory.OperationTimeout),
        409 => (ErrorIds.Conflict, OpenAIErrorCategory.ResourceBusy),
        429 when code == "insufficient_quota" => (ErrorIds.InsufficientQuota, OpenAIErrorCategory.LimitsExceeded),
        429 => (ErrorIds.RateLimited, OpenAIErrorCategory.LimitsExceeded),
        502 or 503 or 504 => (ErrorIds.ServerError, OpenAIErrorCategory.ConnectionError),
        >= 500 => (ErrorIds.ServerError, OpenAIErrorCategory.InvalidResult),
        _ => (ErrorIds.HttpError, OpenAIErrorCategory.InvalidResult),
    };

    public static OpenAIException FromResponse(HttpResponseMessage response, ErrorWire? error, string? requestId, int attempts)
    {
        var status = (int)response.StatusCode;
        var (errorId, category) = Classify(status, error?.Code);
        var message = string.IsNullOrWhiteSpace(error?.Message) ? $"The server answered {status} {response.ReasonPhrase}." : error!.Message!;
        var details = new List<string>();
        if (error?.Code is { Length: > 0 } c) details.Add("code " + c);
        if (error?.Param is { Length: > 0 } p) details.Add("param " + p);
        if (requestId is { Length: > 0 }) details.Add("request " + requestId);
        var suffix = details.Count > 0 ? $" ({status}; {string.Join("; ", details)})" : $" ({status})";
        return new OpenAIException(errorId, category, message + suffix)
        {
            StatusCode = (HttpStatusCode)status,
            ErrorType = error?.Type,
            ErrorCode = error?.Code,
            Param = error?.Param,
            RequestId = requestId,
            Attempts = attempts,
        };
    }
}
