using System.Text.Json.Nodes;
using OpenAI.Emulator.Http;

namespace OpenAI.Emulator.Azure;

/// <summary>
/// Azure OpenAI's own error bodies, which differ from OpenAI's: <c>{"error":{"code","message"}}</c>
/// with the code as a string (a status such as "401", or a name such as "DeploymentNotFound").
/// </summary>
internal static class AzureErrors
{
    /// <summary>A bad, expired or revoked Microsoft Entra ID token, or none: Azure's 401.</summary>
    public static EmulatorException Unauthorized() => Error(
        StatusCodes.Status401Unauthorized,
        "401",
        "Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.");

    /// <summary>A wrong api-key header: the 401 Azure answers for a key it does not know.</summary>
    public static EmulatorException InvalidKey() => Error(
        StatusCodes.Status401Unauthorized,
        "401",
        "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an " +
        "active subscription and use a correct regional API endpoint for your resource.");

    /// <summary>A path Azure does not serve (e.g. the Uploads API on a project endpoint).</summary>
    public static EmulatorException ResourceNotFound() => Error(StatusCodes.Status404NotFound, "404", "Resource not found");

    private static EmulatorException Error(int status, string code, string message) =>
        new(status, message, code: code)
        {
            Body = new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } },
        };
}
