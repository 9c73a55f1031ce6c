using System.Management.Automation;
using System.Security;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Commands;

/// <summary>Sets the session's defaults; per-call parameters still win.</summary>
[Cmdlet(VerbsCommon.Set, "OAIContext", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = "https://github.com/openai-powershell/OpenAI.PowerShell/blob/main/docs/en-US/Set-OAIContext.md")]
[OutputType(typeof(ContextInfo))]
public sealed class SetOAIContextCommand : OpenAICmdlet
{
    [Parameter]
    public SecureString? ApiKey { get; set; }

    [Parameter]
    public Uri? BaseUri { get; set; }

    [Parameter]
    public string? Organization { get; set; }

    [Parameter]
    public string? Project { get; set; }

    [Parameter]
    [ValidateRange(0, 10)]
    public int? MaxRetries { get; set; }

    [Parameter]
    [ValidateRange(1, 86400)]
    public int? TimeoutSec { get; set; }

    [Parameter]
    public Uri? Proxy { get; set; }

    [Parameter]
    [Credential]
    public PSCredential? ProxyCredential { get; set; }

    /// <summary>Forget every setting first, so only what this call gives is kept.</summary>
    [Parameter]
    public SwitchParameter Reset { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override Task EndProcessingAsync()
    {
        if (BaseUri is not null)
        {
            SettingsResolver.ParseBaseUri(BaseUri.OriginalString);
        }
        var settings = MyInvocation.BoundParameters.Keys
            .Where(k => !CommonParameters.Contains(k) && !OptionalCommonParameters.Contains(k) && k != nameof(PassThru)).ToList();
        if (!ShouldProcess("OpenAI session context", "Set " + string.Join(", ", settings)))
        {
            return Task.CompletedTask;
        }
        if (Reset.IsPresent)
        {
            State.Context.Reset();
        }
        State.Context.Update(context =>
        {
            if (ApiKey is not null) context.ApiKey = Http.ApiKey.From(ApiKey);
            if (BaseUri is not null) context.BaseUri = BaseUri;
            if (Organization is not null) context.Organization = Organization;
            if (Project is not null) context.Project = Project;
            if (MaxRetries is not null) context.MaxRetries = MaxRetries;
            if (TimeoutSec is { } seconds) context.Timeout = TimeSpan.FromSeconds(seconds);
            if (Proxy is not null) context.Proxy = Proxy;
            if (ProxyCredential is not null) context.ProxyCredential = ProxyCredential.GetNetworkCredential();
        });
        if (PassThru.IsPresent)
        {
            WriteObject(ContextInfo.From(SettingsResolver.Resolve(null, State.Context.Current)));
        }
        return Task.CompletedTask;
    }
}

/// <summary>Shows the settings a call would use now; the key appears only as its last 4 characters.</summary>
[Cmdlet(VerbsCommon.Get, "OAIContext", HelpUri = "https://github.com/openai-powershell/OpenAI.PowerShell/blob/main/docs/en-US/Get-OAIContext.md")]
[OutputType(typeof(ContextInfo))]
public sealed class GetOAIContextCommand : OpenAICmdlet
{
    protected override Task EndProcessingAsync()
    {
        WriteObject(ContextInfo.From(SettingsResolver.Resolve(null, State.Context.Current)));
        return Task.CompletedTask;
    }
}
