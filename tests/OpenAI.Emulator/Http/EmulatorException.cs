using System.Text.Json.Nodes;

namespace OpenAI.Emulator.Http;

/// <summary>Thrown by handlers; the middleware turns it into OpenAI's error JSON (or <see cref="Body"/> when set).</summary>
internal sealed class EmulatorException(
    int status,
    string message,
    string? param = null,
    string? code = null,
    string type = "invalid_request_error") : Exception(message)
{
    public int Status { get; } = status;
    public string? Param { get; } = param;
    public string? Code { get; } = code;
    public string Type { get; } = type;

    /// <summary>An error body in another shape than OpenAI's (Azure's), sent instead of the four keys.</summary>
    public JsonObject? Body { get; init; }

    public static EmulatorException BadRequest(string message, string? param = null, string? code = null) =>
        new(StatusCodes.Status400BadRequest, message, param, code);

    public static EmulatorException Missing(string param) =>
        BadRequest($"Missing required parameter: '{param}'.", param, "missing_required_parameter");

    public static EmulatorException InvalidValue(string param, string message) =>
        BadRequest(message, param, "invalid_value");

    public static EmulatorException InvalidType(string param, string expected) =>
        BadRequest($"Invalid type for '{param}': expected {expected}.", param, "invalid_type");
}
