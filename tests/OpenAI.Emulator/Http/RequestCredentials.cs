namespace OpenAI.Emulator.Http;

/// <summary>
/// Reads a request's credential headers. /v1 paths look at <c>Authorization: Bearer</c> first (as
/// <see cref="Auth"/> does), Azure paths at <c>api-key</c> first.
/// </summary>
internal static class RequestCredentials
{
    public static (RequestAuth Form, string? Value) Read(HttpRequest request, string apiKey, bool azure)
    {
        var bearer = Bearer(request);
        var key = request.Headers.TryGetValue("api-key", out var values) ? values.ToString().Trim() : null;
        if (azure && !string.IsNullOrEmpty(key))
        {
            return (RequestAuth.ApiKey, key);
        }

        if (bearer is not null)
        {
            return bearer.Length == 0 ? (RequestAuth.None, null)
                : string.Equals(bearer, apiKey, StringComparison.Ordinal) ? (RequestAuth.BearerKey, bearer)
                : (RequestAuth.BearerToken, bearer);
        }

        return string.IsNullOrEmpty(key) ? (RequestAuth.None, null) : (RequestAuth.ApiKey, key);
    }

    private static string? Bearer(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }
}
