using System.Management.Automation;
using OpenAI.PowerShell.Binding;
using OpenAI.PowerShell.Http;

namespace OpenAI.PowerShell.Commands;

/// <summary>-AccessToken script blocks, run where PowerShell runs scripts.</summary>
public abstract partial class OpenAIApiCmdlet
{
    /// <summary>
    /// Runs the token's script block on the pipeline thread (requests are sent from others), such as
    /// { (Get-AzAccessToken -ResourceUrl https://ai.azure.com).Token }, whose answer may be a SecureString,
    /// a string or an object with a Token property.
    /// </summary>
    private Task<ApiKey?> FetchTokenAsync(object provider, CancellationToken cancellationToken) =>
        provider is ScriptBlock block
            ? RunOnPipelineAsync(() => AccessTokenInputAttribute.TokenOf(block.Invoke()), cancellationToken)
            : Task.FromResult<ApiKey?>(null);
}
