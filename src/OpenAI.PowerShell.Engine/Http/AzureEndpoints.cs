namespace OpenAI.PowerShell.Http;

/// <summary>Which API a base URL speaks: OpenAI's, or Azure OpenAI's v1 (the key goes in api-key there).</summary>
public enum ApiType
{
    OpenAI,
    Azure,
}

/// <summary>
/// Azure OpenAI's v1 API, as Azure documents it (learn.microsoft.com/azure/foundry/openai/api-version-lifecycle,
/// 2026): a stable base URL https://RESOURCE.openai.azure.com/openai/v1/ with no api-version, the
/// key in an api-key header or a Microsoft Entra ID token as Bearer (scope https://ai.azure.com/.default).
/// A Foundry project endpoint (https://NAME.services.ai.azure.com/api/projects/PROJECT) is reported to
/// answer 404 for the Uploads API.
/// </summary>
internal static class AzureEndpoints
{
    private static readonly string[] ResourceHosts = { ".openai.azure.com", ".cognitiveservices.azure.com", ".services.ai.azure.com" };

    /// <summary>An Azure resource's host: Azure without -ApiType.</summary>
    public static bool IsAzureHost(Uri uri) =>
        ResourceHosts.Any(suffix => uri.Host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase));

    public static bool IsProjectEndpoint(Uri uri) =>
        uri.AbsolutePath.IndexOf("/api/projects/", StringComparison.OrdinalIgnoreCase) >= 0;

    /// <summary>
    /// A resource given without a path (https://RESOURCE.openai.azure.com/) means its v1 API, as the
    /// SDKs build it; a path the user gave (a gateway, a custom domain, /openai/v1) is used as given.
    /// </summary>
    public static Uri V1Base(Uri baseUri)
    {
        var path = baseUri.AbsolutePath.TrimEnd('/');
        if (IsProjectEndpoint(baseUri))
        {
            return path.EndsWith("/openai/v1", StringComparison.OrdinalIgnoreCase) ? baseUri : Append(baseUri, "openai/v1");
        }
        return path.Length == 0 ? Append(baseUri, "openai/v1")
            : path.Equals("/openai", StringComparison.OrdinalIgnoreCase) ? Append(baseUri, "v1")
            : baseUri;
    }

    /// <summary>The Uploads API on a project endpoint: refused before sending, with where to go instead.</summary>
    public static void EnsureUploadsServed(ClientSettings settings)
    {
        if (settings.ApiType == ApiType.Azure && IsProjectEndpoint(settings.BaseUri))
        {
            throw new OpenAIException(ErrorIds.NotOnProjectEndpoint,
                $"'{settings.BaseUri.GetLeftPart(UriPartial.Path)}' is an Azure AI Foundry project endpoint, which does not serve the Uploads API (it answers 404). " +
                "Send files through the resource's v1 endpoint instead: -BaseUri https://RESOURCE.openai.azure.com/openai/v1/ (the resource that holds the project).")
            {
                Target = settings.BaseUri,
            };
        }
    }

    private static Uri Append(Uri baseUri, string path)
    {
        var builder = new UriBuilder(baseUri);
        builder.Path = builder.Path.TrimEnd('/') + "/" + path + "/";
        return builder.Uri;
    }
}
