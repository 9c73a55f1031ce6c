using System.Management.Automation;
using System.Security;
using OpenAI.PowerShell.Binding;
using OpenAI.PowerShell.Http;

namespace OpenAI.PowerShell.Commands;

/// <summary>The per-call overrides every API cmdlet takes; they win over Set-OAIContext and the environment.</summary>
public abstract partial class OpenAIApiCmdlet : OpenAICmdlet
{
    // Set-OAIContext stores what these parameters take, so it validates against the same ranges.
    internal const int MostRetries = 10;
    internal const int MostTimeoutSec = 86400;

    [Parameter]
    public SecureString? ApiKey { get; set; }

    /// <summary>A bearer token instead of the key (a Microsoft Entra ID token for Azure): a SecureString, a string, or a script block that returns one.</summary>
    [Parameter]
    [AccessTokenInput]
    public object? AccessToken { get; set; }

    [Parameter]
    public Uri? BaseUri { get; set; }

    /// <summary>Azure for an Azure OpenAI v1 endpoint that is not a *.azure.com host (a custom domain, a gateway).</summary>
    [Parameter]
    public ApiType? ApiType { get; set; }

    [Parameter]
    public string? Organization { get; set; }

    [Parameter]
    public string? Project { get; set; }

    [Parameter]
    [ValidateRange(0, MostRetries)]
    public int? MaxRetries { get; set; }

    [Parameter]
    [ValidateRange(1, MostTimeoutSec)]
    public int? TimeoutSec { get; set; }

    [Parameter]
    public SwitchParameter AllowUnencryptedAuthentication { get; set; }

    // The proxy and certificate options carry Invoke-RestMethod's names, so a script moves between them unchanged.
    [Parameter]
    public Uri? Proxy { get; set; }

    [Parameter]
    [Credential]
    public PSCredential? ProxyCredential { get; set; }

    [Parameter]
    public SwitchParameter ProxyUseDefaultCredentials { get; set; }

    [Parameter]
    public SwitchParameter SkipCertificateCheck { get; set; }

    private OpenAIClient? _client;

    internal CallOverrides Overrides => new()
    {
        ApiKey = ApiKey,
        AccessToken = AccessToken as AccessTokenSource,
        ApiType = ApiType,
        TokenFetcher = FetchTokenAsync,
        BaseUri = BaseUri,
        Organization = Organization,
        Project = Project,
        MaxRetries = MaxRetries,
        Timeout = TimeoutSec is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
        AllowUnencryptedAuthentication = AllowUnencryptedAuthentication.IsPresent,
        Proxy = Proxy,
        ProxyCredential = ProxyCredential?.GetNetworkCredential(),
        ProxyUseDefaultCredentials = ProxyUseDefaultCredentials.IsPresent,
        SkipCertificateCheck = SkipCertificateCheck.IsPresent,
    };

    private OpenAI.PowerShell.Uploads.UploadService? _uploads;

    /// <summary>Created on first use, so -WhatIf works without a key.</summary>
    internal OpenAIClient Client => _client ??= new OpenAIClient(SettingsResolver.Resolve(Overrides, State.Context.Current), Log);

    internal OpenAI.PowerShell.Uploads.UploadService Api => _uploads ??= new OpenAI.PowerShell.Uploads.UploadService(Client);

    private OpenAI.PowerShell.Files.FileService? _files;

    internal OpenAI.PowerShell.Files.FileService Files => _files ??= new OpenAI.PowerShell.Files.FileService(Client);

    private OpenAI.PowerShell.Batches.BatchService? _batches;

    internal OpenAI.PowerShell.Batches.BatchService Batches => _batches ??= new OpenAI.PowerShell.Batches.BatchService(Client);
}
