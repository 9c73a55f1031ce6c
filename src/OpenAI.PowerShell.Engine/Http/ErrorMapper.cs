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

    public static string Classify(int status, string? code) => status switch
    {
        // A shut-down or unknown model (OpenAI answers 404); the code decides, whatever the status.
        _ when code == "model_not_found" => ErrorIds.ModelNotFound,
        400 or 422 => ErrorIds.InvalidRequest,
        401 => ErrorIds.Unauthorized,
        403 => ErrorIds.PermissionDenied,
        404 => ErrorIds.NotFound,
        408 => ErrorIds.RequestTimeout,
        409 => ErrorIds.Conflict,
        429 when code == "insufficient_quota" => ErrorIds.InsufficientQuota,
        429 => ErrorIds.RateLimited,
        >= 500 => ErrorIds.ServerError,
        _ => ErrorIds.HttpError,
    };

    public static OpenAIException FromResponse(HttpResponseMessage response, ErrorWire? error, string? requestId, int attempts)
    {
        var status = (int)response.StatusCode;
        var errorId = Classify(status, error?.Code);
        var message = string.IsNullOrWhiteSpace(error?.Message) ? $"The server answered {status} {response.ReasonPhrase}." : error!.Message!;
        var details = new List<string>();
        if (error?.Code is { Length: > 0 } c) details.Add("code " + c);
        if (error?.Param is { Length: > 0 } p) details.Add("param " + p);
        if (requestId is { Length: > 0 }) details.Add("request " + requestId);
        var suffix = details.Count > 0 ? $" ({status}; {string.Join("; ", details)})" : $" ({status})";
        return new OpenAIException(errorId, message + suffix)
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
