using System.Management.Automation;
using System.Security;
using OpenAI.PowerShell.Binding;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Commands;

/// <summary>
/// Sets the session's defaults; per-call parameters still win. A setting given as $null or ''
/// is cleared, so calls fall back to the environment or the default; -Reset clears them all first.
/// </summary>
[Cmdlet(VerbsCommon.Set, "OAIContext", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = "https://github.com/openai-powershell/OpenAI.PowerShell/blob/main/docs/en-US/Set-OAIContext.md")]
[OutputType(typeof(ContextInfo))]
public sealed class SetOAIContextCommand : OpenAICmdlet
{
    [Parameter]
    public SecureString? ApiKey { get; set; }

    /// <summary>A bearer token for the session in place of the key: a SecureString, a string, or a script block asked again near expiry and after a 401.</summary>
    [Parameter]
    [AccessTokenInput]
    public object? AccessToken { get; set; }

    [Parameter]
    public Uri? BaseUri { get; set; }

    [Parameter]
    public ApiType? ApiType { get; set; }

    [Parameter]
    public string? Organization { get; set; }

    [Parameter]
    public string? Project { get; set; }

    [Parameter]
    [ValidateRangeOrNull(0, OpenAIApiCmdlet.MostRetries)]
    public int? MaxRetries { get; set; }

    [Parameter]
    [ValidateRangeOrNull(1, OpenAIApiCmdlet.MostTimeoutSec)]
    public int? TimeoutSec { get; set; }

    [Parameter]
    public Uri? Proxy { get; set; }

    [Parameter]
    [Credential]
    public PSCredential? ProxyCredential { get; set; }

    /// <summary>For an internal http gateway; -AllowUnencryptedAuthentication:$false takes it back.</summary>
    [Parameter]
    public SwitchParameter AllowUnencryptedAuthentication { get; set; }

    /// <summary>Forget every setting first, so only what this call gives is kept.</summary>
    [Parameter]
    public SwitchParameter Reset { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override Task EndProcessingAsync()
    {
        // PowerShell 7.5 binds '' to a Uri as an empty relative Uri, older versions as null: both clear.
        BaseUri = NullIfBlank(BaseUri);
        Proxy = SettingsResolver.ParseProxy(Proxy);
        if (BaseUri is not null)
        {
            SettingsResolver.ParseBaseUri(BaseUri.OriginalString);
        }
        // A value that cannot go in a header is refused now, not on the first request that uses it.
        HeaderValues.Ensure(Http.ApiKey.From(ApiKey)?.Reveal(), "-ApiKey", secret: true);
        HeaderValues.Ensure(Organization?.Trim(), "-Organization");
        HeaderValues.Ensure(Project?.Trim(), "-Project");
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
            // Given means set; given as $null or '' means cleared; not given means kept.
            // One credential per session: a key given now replaces a token, and a token a key.
            if (Given(nameof(ApiKey)))
            {
                context.ApiKey = Http.ApiKey.From(ApiKey);
                context.AccessToken = null;
            }
            if (Given(nameof(AccessToken)))
            {
                context.AccessToken = AccessToken as AccessTokenSource;
                context.ApiKey = context.AccessToken is null ? context.ApiKey : null;
            }
            if (Given(nameof(ApiType))) context.ApiType = ApiType;
            if (Given(nameof(BaseUri))) context.BaseUri = BaseUri;
            if (Given(nameof(Organization))) context.Organization = NullIfBlank(Organization);
            if (Given(nameof(Project))) context.Project = NullIfBlank(Project);
            if (Given(nameof(MaxRetries))) context.MaxRetries = MaxRetries;
            if (Given(nameof(TimeoutSec))) context.Timeout = TimeoutSec is { } seconds ? TimeSpan.FromSeconds(seconds) : null;
            if (Given(nameof(Proxy)))
            {
                context.Proxy = Proxy;
                // A credential is for the proxy it was given with.
                context.ProxyCredential = null;
            }
            if (Given(nameof(ProxyCredential))) context.ProxyCredential = ProxyCredential?.GetNetworkCredential();
            if (Given(nameof(AllowUnencryptedAuthentication))) context.AllowUnencryptedAuthentication = AllowUnencryptedAuthentication.IsPresent;
        });
        if (PassThru.IsPresent)
        {
            WriteObject(ContextInfo.From(SettingsResolver.Resolve(null, State.Context.Current)));
        }
        return Task.CompletedTask;
    }

    private bool Given(string parameter) => MyInvocation.BoundParameters.ContainsKey(parameter);

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static Uri? NullIfBlank(Uri? value) => string.IsNullOrWhiteSpace(value?.OriginalString) ? null : value;
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
