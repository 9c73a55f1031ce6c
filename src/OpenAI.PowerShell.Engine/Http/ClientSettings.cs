using System.Net;
using System.Security;

namespace OpenAI.PowerShell.Http;

/// <summary>What Set-OAIContext stores for the session; a null setting falls back to the environment or the default.</summary>
internal sealed class SessionContext
{
    public ApiKey? ApiKey { get; set; }
    /// <summary>A bearer token or its provider in place of the key; its cache is shared by the session's commands.</summary>
    public AccessTokenSource? AccessToken { get; set; }
    public ApiType? ApiType { get; set; }
    public Uri? BaseUri { get; set; }
    public string? Organization { get; set; }
    public string? Project { get; set; }
    public int? MaxRetries { get; set; }
    public TimeSpan? Timeout { get; set; }
    public Uri? Proxy { get; set; }
    public NetworkCredential? ProxyCredential { get; set; }
    /// <summary>For an internal http gateway: send the key over plain http without -AllowUnencryptedAuthentication on each call.</summary>
    public bool AllowUnencryptedAuthentication { get; set; }

    public SessionContext Clone() => (SessionContext)MemberwiseClone();
}

/// <summary>The per-call overrides every API cmdlet takes.</summary>
internal sealed class CallOverrides
{
    public SecureString? ApiKey { get; set; }
    public AccessTokenSource? AccessToken { get; set; }
    public ApiType? ApiType { get; set; }
    /// <summary>Runs a token provider (a script block) where it can run; given by the cmdlets.</summary>
    public Func<object, CancellationToken, Task<ApiKey?>>? TokenFetcher { get; set; }
    public Uri? BaseUri { get; set; }
    public string? Organization { get; set; }
    public string? Project { get; set; }
    public int? MaxRetries { get; set; }
    public TimeSpan? Timeout { get; set; }
    public bool AllowUnencryptedAuthentication { get; set; }
    /// <summary>A proxy for this call only; its credential, when given, goes with it.</summary>
    public Uri? Proxy { get; set; }
    public NetworkCredential? ProxyCredential { get; set; }
    public bool ProxyUseDefaultCredentials { get; set; }
    public bool SkipCertificateCheck { get; set; }
}

internal enum ApiKeySource
{
    None,
    Parameter,
    Context,
    Environment,
    /// <summary>-AccessToken for this call.</summary>
    TokenParameter,
    /// <summary>Set-OAIContext -AccessToken.</summary>
    TokenContext,
}

/// <summary>The settings one request runs with, after precedence has been applied.</summary>
internal sealed class ClientSettings
{
    public static readonly Uri DefaultBaseUri = new("https://api.openai.com/v1");
    public const int DefaultMaxRetries = 3;
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    public ApiKey? ApiKey { get; init; }
    public ApiKeySource ApiKeySource { get; init; }
    /// <summary>Set instead of <see cref="ApiKey"/> when a token authenticates: it goes as Bearer.</summary>
    public AccessTokenSource? AccessToken { get; init; }
    public Func<object, CancellationToken, Task<ApiKey?>>? TokenFetcher { get; init; }
    /// <summary>As resolved; when not set, an Azure resource's host means Azure.</summary>
    public ApiType ApiType
    {
        get => _apiType ?? (AzureEndpoints.IsAzureHost(BaseUri) ? ApiType.Azure : ApiType.OpenAI);
        init => _apiType = value;
    }

    private readonly ApiType? _apiType;
    public Uri BaseUri { get; init; } = DefaultBaseUri;
    public string? Organization { get; init; }
    public string? Project { get; init; }
    public int MaxRetries { get; init; } = DefaultMaxRetries;
    public TimeSpan Timeout { get; init; } = DefaultTimeout;
    public Uri? Proxy { get; init; }
    public NetworkCredential? ProxyCredential { get; init; }
    /// <summary>Authenticate to the proxy as the signed-in user (Windows); ignored when ProxyCredential is set.</summary>
    public bool ProxyUseDefaultCredentials { get; init; }
    /// <summary>Accept any server certificate, as Invoke-RestMethod -SkipCertificateCheck does.</summary>
    public bool SkipCertificateCheck { get; init; }
    public bool AllowUnencryptedAuthentication { get; init; }

    /// <summary>Azure OpenAI takes a key in an api-key header; a token goes as Bearer everywhere.</summary>
    public bool UsesAzureKeyHeader => ApiType == ApiType.Azure && AccessToken is null;
}

/// <summary>
/// Applies the precedence rule: per-call value, then the session context, then the environment.
/// </summary>
internal static class SettingsResolver
{
    public static ClientSettings Resolve(CallOverrides? call, SessionContext? session, Func<string, string?>? environment = null)
    {
        call ??= new CallOverrides();
        environment ??= Environment.GetEnvironmentVariable;

        var baseUri = (call.BaseUri is { } perCall ? ParseBaseUri(perCall.OriginalString, "-BaseUri") : null)
                      ?? session?.BaseUri
                      ?? ParseBaseUri(environment("OPENAI_BASE_URL"), "The environment variable OPENAI_BASE_URL")
                      ?? ClientSettings.DefaultBaseUri;
        var apiType = call.ApiType ?? session?.ApiType ?? (AzureEndpoints.IsAzureHost(baseUri) ? ApiType.Azure : ApiType.OpenAI);
        // Per call before the session; within one level a token before a key.
        var (token, tokenSource) = call.AccessToken is { } callToken ? (callToken, ApiKeySource.TokenParameter)
            : call.ApiKey is null && session?.AccessToken is { } sessionToken ? (sessionToken, ApiKeySource.TokenContext)
            : ((AccessTokenSource?)null, ApiKeySource.None);
        var (key, source) = token is null ? ResolveKey(call, session, environment, apiType) : (null, tokenSource);
        var maxRetries = call.MaxRetries ?? session?.MaxRetries ?? ClientSettings.DefaultMaxRetries;
        var settings = new ClientSettings
        {
            ApiKey = key,
            ApiKeySource = source,
            AccessToken = token,
            TokenFetcher = call.TokenFetcher,
            ApiType = apiType,
            BaseUri = apiType == ApiType.Azure ? AzureEndpoints.V1Base(baseUri) : baseUri,
            Organization = NullIfEmpty(call.Organization) ?? NullIfEmpty(session?.Organization) ?? NullIfEmpty(environment("OPENAI_ORG_ID")),
            Project = NullIfEmpty(call.Project) ?? NullIfEmpty(session?.Project) ?? NullIfEmpty(environment("OPENAI_PROJECT_ID")),
            MaxRetries = Math.Max(0, maxRetries),
            Timeout = call.Timeout ?? session?.Timeout ?? ClientSettings.DefaultTimeout,
            Proxy = ParseProxy(call.Proxy, "-Proxy") ?? session?.Proxy,
            // The session's proxy credential belongs to the session's proxy, not to a per-call one.
            ProxyCredential = call.ProxyCredential ?? (call.Proxy is null ? session?.ProxyCredential : null),
            ProxyUseDefaultCredentials = call.ProxyUseDefaultCredentials,
            SkipCertificateCheck = call.SkipCertificateCheck,
            AllowUnencryptedAuthentication = call.AllowUnencryptedAuthentication || session?.AllowUnencryptedAuthentication == true,
        };
        return settings;
    }

    /// <summary>Refuses to send a key where it could be read on the wire, and refuses to run without one.</summary>
    public static void EnsureSafeToSend(ClientSettings settings)
    {
        if (settings.ApiKey is null && settings.AccessToken is null)
        {
            throw new OpenAIException(ErrorIds.MissingApiKey,
                "No API key was found. Pass -ApiKey or -AccessToken, run Set-OAIContext -ApiKey (or -AccessToken), or set the OPENAI_API_KEY environment variable"
                + (settings.ApiType == ApiType.Azure ? " (or AZURE_OPENAI_API_KEY for Azure)." : "."));
        }
        if (settings.ApiKey is not null)
        {
            HeaderValues.Ensure(settings.ApiKey.Reveal(), $"The API key (from {KeySourceText(settings.ApiKeySource)})", secret: true);
        }
        HeaderValues.Ensure(settings.Organization, "The organization (-Organization, Set-OAIContext -Organization or OPENAI_ORG_ID)");
        HeaderValues.Ensure(settings.Project, "The project (-Project, Set-OAIContext -Project or OPENAI_PROJECT_ID)");
        if (settings.BaseUri.Scheme == Uri.UriSchemeHttp && !IsLoopback(settings.BaseUri) && !settings.AllowUnencryptedAuthentication)
        {
            throw new OpenAIException(ErrorIds.UnencryptedAuthentication,
                $"Refusing to send the API key over unencrypted http to '{settings.BaseUri.Host}'. Use https, or pass -AllowUnencryptedAuthentication (or run Set-OAIContext -AllowUnencryptedAuthentication) if you accept the risk.")
            {
                Target = settings.BaseUri,
            };
        }
    }

    public static bool IsLoopback(Uri uri)
    {
        if (uri.IsLoopback)
        {
            return true;
        }
        var host = uri.Host.Trim('[', ']');
        return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
    }

    /// <summary>An absolute http or https URL, or null for none; <paramref name="source"/> names where it came from.</summary>
    public static Uri? ParseBaseUri(string? value, string source = "-BaseUri")
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (!Uri.TryCreate(value!.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new OpenAIException(ErrorIds.InvalidBaseUri,
                $"{source} '{value}' is not an absolute http or https URL, such as https://api.openai.com/v1.") { Target = value };
        }
        return uri;
    }

    private static readonly string[] ProxySchemes = { "http", "https", "socks4", "socks4a", "socks5" };

    /// <summary>An absolute proxy URL, or null for none (null or ''); <paramref name="source"/> names where it came from.</summary>
    public static Uri? ParseProxy(Uri? value, string source = "-Proxy")
    {
        if (value is null || string.IsNullOrWhiteSpace(value.OriginalString))
        {
            return null;
        }
        if (!value.IsAbsoluteUri || !ProxySchemes.Contains(value.Scheme, StringComparer.OrdinalIgnoreCase))
        {
            throw new OpenAIException(ErrorIds.InvalidProxy,
                $"{source} '{value.OriginalString}' is not an absolute proxy URL, such as http://proxy.contoso.com:8080.") { Target = value.OriginalString };
        }
        return value;
    }

    private static (ApiKey?, ApiKeySource) ResolveKey(CallOverrides call, SessionContext? session, Func<string, string?> environment, ApiType apiType)
    {
        if (ApiKey.From(call.ApiKey) is { } fromCall)
        {
            return (fromCall, ApiKeySource.Parameter);
        }
        if (call.ApiKey is not null)
        {
            // A key was given and is blank (Read-Host answered with Enter): another key must not stand in for it.
            throw new OpenAIException(ErrorIds.MissingApiKey, "-ApiKey was given, but it is empty or white space. Pass the key, or leave -ApiKey out to use the session's or OPENAI_API_KEY.") { Target = "ApiKey" };
        }
        if (session?.ApiKey is { } fromSession)
        {
            return (fromSession, ApiKeySource.Context);
        }
        // The variable the Azure SDKs read, for an Azure endpoint; OPENAI_API_KEY otherwise, and as a fallback.
        var fromEnvironment = (apiType == ApiType.Azure ? ApiKey.From(environment("AZURE_OPENAI_API_KEY")) : null) ?? ApiKey.From(environment("OPENAI_API_KEY"));
        if (fromEnvironment is not null)
        {
            return (fromEnvironment, ApiKeySource.Environment);
        }
        return (null, ApiKeySource.None);
    }

    /// <summary>Surrounding white space is dropped, as for the key: a value read from a file ends with a line break.</summary>
    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();

    private static string KeySourceText(ApiKeySource source) => source switch
    {
        ApiKeySource.Parameter => "-ApiKey",
        ApiKeySource.Context => "Set-OAIContext -ApiKey",
        _ => "OPENAI_API_KEY",
    };
}
