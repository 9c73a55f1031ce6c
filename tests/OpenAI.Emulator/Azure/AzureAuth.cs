using OpenAI.Emulator.Http;

namespace OpenAI.Emulator.Azure;

/// <summary>
/// Auth on Azure paths. As Azure documents it, a request carries either <c>api-key: &lt;key&gt;</c> or
/// <c>Authorization: Bearer &lt;Microsoft Entra ID token&gt;</c>; the key as a Bearer is not a token and is refused.
/// </summary>
internal static class AzureAuth
{
    /// <summary>Null when the request may go on; else Azure's 401.</summary>
    public static EmulatorException? Check(RequestAuth form, string? value, string apiKey, AzureEmulation azure)
    {
        switch (form)
        {
            case RequestAuth.ApiKey when string.Equals(value, apiKey, StringComparison.Ordinal):
                azure.CountKeyRequest();
                return null;
            case RequestAuth.ApiKey:
                return AzureErrors.InvalidKey();
            case RequestAuth.BearerToken when azure.Tokens.IsValid(value!):
                azure.CountTokenRequest();
                return null;
            default:
                return AzureErrors.Unauthorized();
        }
    }
}
