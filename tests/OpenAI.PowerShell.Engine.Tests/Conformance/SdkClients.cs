extern alias OfficialSdk;

using System.ClientModel;
using System.Text.Json;
using OpenAI.Emulator;
using SdkClient = OfficialSdk::OpenAI.OpenAIClient;
using SdkOptions = OfficialSdk::OpenAI.OpenAIClientOptions;

namespace OpenAI.PowerShell.Engine.Tests.Conformance;

/// <summary>The official OpenAI .NET SDK (NuGet OpenAI, test-only) pointed at an in-process emulator.</summary>
internal static class SdkClients
{
    public static SdkClient Client(EmulatorServer server) =>
        new(new ApiKeyCredential(server.ApiKey), new SdkOptions { Endpoint = server.BaseUri });

    /// <summary>The JSON body of a protocol-method result.</summary>
    public static JsonElement Json(ClientResult result)
    {
        using var doc = JsonDocument.Parse(result.GetRawResponse().Content.ToMemory());
        return doc.RootElement.Clone();
    }
}
