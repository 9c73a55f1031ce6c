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
    };

    public override string ToString() => $"{BaseUri} (key {ApiKeyHint ?? "none"} from {ApiKeySource})";
}
