namespace OpenAI.Emulator.Http;

/// <summary>Bearer or Azure-style api-key check. Never echoes the presented key.</summary>
internal static class Auth
{
    public static EmulatorException? Check(HttpRequest request, string apiKey)
    {
        string? presented = null;
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            presented = authorization["Bearer ".Length..].Trim();
        }
        else if (request.Headers.TryGetValue("api-key", out var azureKey))
        {
            presented = azureKey.ToString().Trim();
        }

        if (string.IsNullOrEmpty(presented))
        {
            return new EmulatorException(
                StatusCodes.Status401Unauthorized,
                "You didn't provide an API key. You need to provide your API key in an Authorization header " +
                "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                code: "invalid_api_key");
        }

        if (!string.Equals(presented, apiKey, StringComparison.Ordinal))
        {
            return new EmulatorException(
                StatusCodes.Status401Unauthorized,
                "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
                code: "invalid_api_key");
        }

        return null;
    }
}
