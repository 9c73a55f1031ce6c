using System.Net.Http.Headers;
using System.Text.Json;
using OpenAI.Emulator;

namespace OpenAI.PowerShell.Engine.Tests.Emulator;

/// <summary>Clients for the emulator's Azure OpenAI v1 paths, and checks of Azure's error shape.</summary>
internal static class AzureTestHelpers
{
    /// <summary>A client on the Azure base URL (or <paramref name="baseUri"/>) sending <c>api-key</c> when given, else <c>Authorization: Bearer</c>.</summary>
    public static HttpClient AzureClient(EmulatorServer server, string? apiKey = null, string? bearer = null, Uri? baseUri = null)
    {
        var http = new HttpClient { BaseAddress = new Uri((baseUri ?? server.AzureBaseUri) + "/") };
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Add("api-key", apiKey);
        }

        if (bearer is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return http;
    }

    /// <summary>Asserts Azure's <c>{"error":{"code","message"}}</c> (no OpenAI type or param) and returns the error object.</summary>
    public static async Task<JsonElement> ReadAzureErrorAsync(HttpResponseMessage response, int status, string code)
    {
        Assert.Equal(status, (int)response.StatusCode);
        var error = (await EmulatorTestClient.ReadJsonAsync(response)).GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(["code", "message"], error.EnumerateObject().Select(p => p.Name).Order());
        return error;
    }

    public const string TokenMessage =
        "Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.";

    public const string DeploymentNotFoundMessage =
        "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.";
}
