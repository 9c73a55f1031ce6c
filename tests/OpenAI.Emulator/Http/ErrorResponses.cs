using System.Text.Json.Nodes;

namespace OpenAI.Emulator.Http;

/// <summary>OpenAI's error body: all four keys always present, null when absent.</summary>
internal static class ErrorResponses
{
    public static JsonObject Body(string message, string type, string? param, string? code) => new()
    {
        ["error"] = new JsonObject
        {
            ["message"] = message,
            ["type"] = type,
            ["param"] = param,
            ["code"] = code,
        },
    };

    public static Task WriteAsync(HttpContext ctx, int status, string message, string type, string? param, string? code) =>
        JsonIO.WriteAsync(ctx, Body(message, type, param, code), status);

    /// <summary>The exception's own body when it has one (Azure's shapes), else OpenAI's.</summary>
    public static JsonObject Body(EmulatorException ex) =>
        ex.Body?.DeepClone().AsObject() ?? Body(ex.Message, ex.Type, ex.Param, ex.Code);

    public static Task WriteAsync(HttpContext ctx, EmulatorException ex) =>
        JsonIO.WriteAsync(ctx, Body(ex), ex.Status);

    /// <summary>Type OpenAI uses for a status when a fault does not name one.</summary>
    public static string DefaultType(int status, string? code) => status switch
    {
        429 when code == "insufficient_quota" => "insufficient_quota",
        429 => "requests",
        >= 500 => "server_error",
        _ => "invalid_request_error",
    };

    public static string? DefaultCode(int status) => status switch
    {
        401 => "invalid_api_key",
        429 => "rate_limit_exceeded",
        _ => null,
    };

    public static string DefaultMessage(int status, string? code) => status switch
    {
        400 => "Bad request (injected by the emulator).",
        401 => "Incorrect API key provided.",
        403 => "You are not allowed to perform this request.",
        404 => "Not found (injected by the emulator).",
        408 => "Request timed out.",
        409 => "The resource is busy; please retry.",
        429 when code == "insufficient_quota" =>
            "You exceeded your current quota, please check your plan and billing details.",
        429 => "Rate limit reached for requests. Please try again later.",
        500 => "The server had an error while processing your request. Sorry about that!",
        502 => "Bad gateway.",
        503 => "The server is overloaded or not ready yet.",
        504 => "Gateway timeout.",
        _ => $"Error {status} (injected by the emulator).",
    };
}
