using OpenAI.PowerShell.Http;

namespace OpenAI.PowerShell.Model;

/// <summary>What Get-OAIContext shows: the settings a call would use now. The key shows as a hint only.</summary>
public sealed class ContextInfo
{
    public Uri BaseUri { get; set; } = ClientSettings.DefaultBaseUri;
    public string? Organization { get; set; }
    public string? Project { get; set; }
    public int MaxRetries { get; set; }
    public int TimeoutSec { get; set; }
    public Uri? Proxy { get; set; }
    public string? ProxyUser { get; set; }
    public string? ApiKeyHint { get; set; }
    /// <summary>True when the key may go over plain http to a host that is not loopback.</summary>
    public bool AllowUnencryptedAuthentication { get; set; }

    /// <summary>
    /// Where the key came from: Parameter, Context, Environment or None (the names of
    /// <see cref="Http.ApiKeySource"/>). A string, not the enum, because this object is for people
    /// and scripts: ConvertTo-Json and Export-Csv write an enum as its number, and -eq 'None' works either way.
    /// </summary>
    public string ApiKeySource { get; set; } = nameof(Http.ApiKeySource.None);

    /// <summary>OpenAI or Azure: Azure for *.azure.com hosts, or as -ApiType says.</summary>
    public string ApiType { get; set; } = nameof(Http.ApiType.OpenAI);

    /// <summary>How calls authenticate: "api-key header", "Bearer key", "Bearer token" or "Bearer token from a script block". Never the secret.</summary>
    public string? Credential { get; set; }

    /// <summary>When the cached access token lapses, when known.</summary>
    public DateTimeOffset? AccessTokenExpiresAt { get; set; }

    internal static ContextInfo From(ClientSettings settings) => new()
    {
        BaseUri = settings.BaseUri,
        Organization = settings.Organization,
        Project = settings.Project,
        MaxRetries = settings.MaxRetries,
        TimeoutSec = (int)settings.Timeout.TotalSeconds,
        Proxy = settings.Proxy,
        ProxyUser = settings.ProxyCredential?.UserName,
        ApiKeyHint = settings.ApiKey?.Hint,
        AllowUnencryptedAuthentication = settings.AllowUnencryptedAuthentication,
        ApiKeySource = settings.ApiKeySource.ToString(),
        ApiType = settings.ApiType.ToString(),
        Credential = settings.AccessToken is { } token ? (token.CanRefresh ? "Bearer token from a script block" : "Bearer token")
            : settings.ApiKey is null ? null
            : settings.UsesAzureKeyHeader ? "api-key header" : "Bearer key",
        AccessTokenExpiresAt = settings.AccessToken?.ExpiresAt,
    };

    public override string ToString() => Credential is { } credential && credential.StartsWith("Bearer token", StringComparison.Ordinal)
        ? $"{BaseUri} ({credential} from {ApiKeySource})"
        : $"{BaseUri} (key {ApiKeyHint ?? "none"} from {ApiKeySource})";
}
