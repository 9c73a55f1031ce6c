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
    public ApiKeySource ApiKeySource { get; set; }

    public static ContextInfo From(ClientSettings settings) => new()
    {
        BaseUri = settings.BaseUri,
        Organization = settings.Organization,
        Project = settings.Project,
        MaxRetries = settings.MaxRetries,
        TimeoutSec = (int)settings.Timeout.TotalSeconds,
        Proxy = settings.Proxy,
        ProxyUser = settings.ProxyCredential?.UserName,
        ApiKeyHint = settings.ApiKey?.Hint,
        ApiKeySource = settings.ApiKeySource,
    };

    public override string ToString() => $"{BaseUri} (key {ApiKeyHint ?? "none"} from {ApiKeySource})";
}
