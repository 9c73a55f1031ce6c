using System.Net;
using System.Security;

namespace OpenAI.PowerShell.Http;

/// <summary>What Set-OAIContext stores for the session; a null setting falls back to the environment or the default.</summary>
internal sealed class SessionContext
{
    public ApiKey? ApiKey { get; set; }
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
}

/// <summary>The settings one request runs with, after precedence has been applied.</summary>
internal sealed class ClientSettings
{
    public static readonly Uri DefaultBaseUri = new("https://api.openai.com/v1");
    public const int DefaultMaxRetries = 3;
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    public ApiKey? ApiKey { get; init; }
    public ApiKeySource ApiKeySource { get; init; }
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

    /// <summary>Azure OpenAI endpoints take the key in an api-key header instead of Bearer.</summary>
    public bool UsesAzureKeyHeader =>
        BaseUri.Host.EndsWith(".openai.azure.com", StringComparison.OrdinalIgnoreCase);
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

        var (key, source) = ResolveKey(call, session, environment);
        var baseUri = (call.BaseUri is { } perCall ? ParseBaseUri(perCall.OriginalString, "-BaseUri") : null)
                      ?? session?.BaseUri
                      ?? ParseBaseUri(environment("OPENAI_BASE_URL"), "The environment variable OPENAI_BASE_URL")
                      ?? ClientSettings.DefaultBaseUri;
        var maxRetries = call.MaxRetries ?? session?.MaxRetries ?? ClientSettings.DefaultMaxRetries;
        var settings = new ClientSettings
        {
            ApiKey = key,
            ApiKeySource = source,
            BaseUri = baseUri,
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
        if (settings.ApiKey is null)
        {
            throw new OpenAIException(ErrorIds.MissingApiKey,
                "No API key was found. Pass -ApiKey, run Set-OAIContext -ApiKey, or set the OPENAI_API_KEY environment variable.");
        }
        HeaderValues.Ensure(settings.ApiKey.Reveal(), $"The API key (from {KeySourceText(settings.ApiKeySource)})", secret: true);
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

    private static (ApiKey?, ApiKeySource) ResolveKey(CallOverrides call, SessionContext? session, Func<string, string?> environment)
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
        if (ApiKey.From(environment("OPENAI_API_KEY")) is { } fromEnvironment)
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
