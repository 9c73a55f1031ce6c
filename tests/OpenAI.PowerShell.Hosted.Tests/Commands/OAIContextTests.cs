using OpenAI.PowerShell.Hosted.Tests.Hosting;

namespace OpenAI.PowerShell.Hosted.Tests.Commands;

public sealed class OAIContextTests : HostedTest
{
    [Fact]
    public void Get_OAIContext_shows_where_the_key_came_from_and_only_its_last_characters()
    {
        var result = Run("Get-OAIContext").ThrowIfFailed();

        var context = Assert.Single(result.Output);
        Assert.Equal(Server.BaseUri.ToString().TrimEnd('/'), context.Properties["BaseUri"].Value.ToString()!.TrimEnd('/'));
        Assert.Equal("Context", context.Properties["ApiKeySource"].Value.ToString());
        var hint = (string)context.Properties["ApiKeyHint"].Value;
        Assert.EndsWith(Server.ApiKey[^4..], hint, StringComparison.Ordinal);
        Assert.DoesNotContain(Server.ApiKey, hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Set_OAIContext_WhatIf_changes_nothing()
    {
        var result = Run("Set-OAIContext -MaxRetries 7 -WhatIf; (Get-OAIContext).MaxRetries").ThrowIfFailed();

        Assert.Contains("What if:", result.HostText, StringComparison.Ordinal);
        Assert.Equal(1, (int)result.Output[0].BaseObject);
    }

    [Fact]
    public void A_per_call_BaseUri_without_a_scheme_is_an_OpenAI_error()
    {
        var result = Run("New-OAIUpload -FileName a -Bytes 1 -Purpose batch -BaseUri 'localhost:1234/v1'");

        Assert.StartsWith("OpenAI.", result.SingleError().FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Empty(Server.Requests.All);
    }
}
