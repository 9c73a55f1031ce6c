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
        // Azure OpenAI: the deployment named as the model does not exist, or the safety system refused the request.
        _ when code == "DeploymentNotFound" => ErrorIds.DeploymentNotFound,
        _ when code == "content_filter" => ErrorIds.ContentFiltered,
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
        if (errorId == ErrorIds.ContentFiltered && FilteredCategories(error?.InnerError) is { Length: > 0 } categories)
        {
            message += " Filtered: " + categories + ".";
        }
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
            RecommendedAction = errorId == ErrorIds.DeploymentNotFound
                ? "On Azure OpenAI, -Model names a deployment: pass the deployment's name, and -ModelRules with its model when the name is not the model's."
                : null,
        };
    }

    /// <summary>Azure's content_filter_result: the categories that were filtered, with their severity.</summary>
    private static string FilteredCategories(JsonElement? innerError)
    {
        if (innerError is not { ValueKind: JsonValueKind.Object } inner
            || !inner.TryGetProperty("content_filter_result", out var result) || result.ValueKind != JsonValueKind.Object)
        {
            return "";
        }
        var filtered = result.EnumerateObject()
            .Where(c => c.Value.ValueKind == JsonValueKind.Object && c.Value.TryGetProperty("filtered", out var f) && f.ValueKind == JsonValueKind.True)
            .Select(c => c.Value.TryGetProperty("severity", out var severity) && severity.ValueKind == JsonValueKind.String ? $"{c.Name} ({severity.GetString()})" : c.Name);
        return string.Join(", ", filtered);
    }
}
