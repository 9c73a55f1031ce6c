using System.Text.Json.Nodes;
using OpenAI.Emulator.Http;

namespace OpenAI.Emulator.Azure;

/// <summary>
/// Azure OpenAI's own error bodies, which differ from OpenAI's: <c>{"error":{"code","message"}}</c>
/// with the code as a string (a status such as "401", or a name such as "DeploymentNotFound").
/// </summary>
internal static class AzureErrors
{
    /// <summary>The marker that makes an image prompt trip the content filter on Azure paths.</summary>
    public const string ContentFilterMarker = "[content-filter]";

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

    /// <summary>A <c>model</c> that names no deployment of the resource.</summary>
    public static EmulatorException DeploymentNotFound() => Error(
        StatusCodes.Status404NotFound,
        "DeploymentNotFound",
        "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, " +
        "please wait a moment and try again.");

    /// <summary>A path Azure does not serve (e.g. the Uploads API on a project endpoint).</summary>
    public static EmulatorException ResourceNotFound() => Error(StatusCodes.Status404NotFound, "404", "Resource not found");

    /// <summary>
    /// An image prompt refused by the content filter, in the shape Azure answers with: OpenAI's four
    /// keys (type null) plus an innererror naming the category that was filtered.
    /// </summary>
    public static EmulatorException ContentFilter()
    {
        const string message = "Your request was rejected as a result of our safety system. " +
                               "Your prompt may contain text that is not allowed by our safety system.";
        var body = new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = "content_filter",
                ["message"] = message,
                ["param"] = "prompt",
                ["type"] = null,
                ["innererror"] = new JsonObject
                {
                    ["code"] = "ResponsibleAIPolicyViolation",
                    ["content_filter_result"] = new JsonObject
                    {
                        ["hate"] = Category(filtered: false, "safe"),
                        ["self_harm"] = Category(filtered: false, "safe"),
                        ["sexual"] = Category(filtered: false, "safe"),
                        ["violence"] = Category(filtered: true, "high"),
                    },
                },
            },
        };
        return new EmulatorException(StatusCodes.Status400BadRequest, message, "prompt", "content_filter") { Body = body };
    }

    /// <summary>Throws the content filter's answer when the prompt carries <see cref="ContentFilterMarker"/>.</summary>
    public static void CheckPrompt(string? prompt)
    {
        if (prompt?.Contains(ContentFilterMarker, StringComparison.Ordinal) == true)
        {
            throw ContentFilter();
        }
    }

    private static JsonObject Category(bool filtered, string severity) => new() { ["filtered"] = filtered, ["severity"] = severity };

    private static EmulatorException Error(int status, string code, string message) =>
        new(status, message, code: code)
        {
            Body = new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } },
        };
}
