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

    [Fact]
    public void A_key_read_from_a_secret_file_with_its_trailing_newline_works()
    {
        var result = Run("New-OAIUpload -FileName a.jsonl -Bytes 1 -Purpose batch -ApiKey (ConvertTo-SecureString ($args[0] + \"`n\") -AsPlainText -Force)", Server.ApiKey);

        result.ThrowIfFailed();
        Assert.Equal("pending", result.Value<string>(0, "Status"));
    }

    [Fact]
    public void A_bad_OPENAI_BASE_URL_is_an_OpenAI_error_that_names_the_variable()
    {
        var result = Run("""
            $env:OPENAI_BASE_URL = 'not-a-url'
            try { Set-OAIContext -Reset -Confirm:$false; Get-OAIContext } finally { Remove-Item Env:OPENAI_BASE_URL }
            """);

        var error = result.SingleError();
        Assert.StartsWith("OpenAI.InvalidBaseUri,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("OPENAI_BASE_URL", error.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Remove_Module_forgets_the_session_context()
    {
        var result = Run("""
            Remove-Module OpenAI.PowerShell
            Import-Module $args[0]
            (Get-OAIContext).ApiKeySource
            """, Hosting.RepoPaths.ModuleManifest);

        Assert.NotEqual("Context", result.Output.Single().ToString());
    }
}
