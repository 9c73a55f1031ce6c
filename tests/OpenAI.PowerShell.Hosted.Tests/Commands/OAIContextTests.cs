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

    [Fact]
    public void A_setting_given_as_null_or_empty_is_cleared_and_the_others_are_kept()
    {
        Run("Set-OAIContext -Organization org-test -Project proj-test -MaxRetries 5 -TimeoutSec 30").ThrowIfFailed();

        var result = Run("""
            Set-OAIContext -Organization '' -MaxRetries $null
            Get-OAIContext
            Set-OAIContext -Project $null -TimeoutSec $null
            Get-OAIContext
            """).ThrowIfFailed();

        Assert.Null(result.Output[0].Properties["Organization"].Value);
        Assert.Equal(3, result.Value<int>(0, "MaxRetries")); // the default
        Assert.Equal("proj-test", result.Value<string?>(0, "Project"));
        Assert.Equal(30, result.Value<int>(0, "TimeoutSec"));
        Assert.Equal("Context", result.Value<string>(0, "ApiKeySource"));
        Assert.Null(result.Output[1].Properties["Project"].Value);
        Assert.Equal(600, result.Value<int>(1, "TimeoutSec"));
    }

    [Fact]
    public void A_value_out_of_range_is_still_refused()
    {
        var result = Run("Set-OAIContext -MaxRetries 11");

        Assert.StartsWith("ParameterArgumentValidationError", result.SingleError().FullyQualifiedErrorId, StringComparison.Ordinal);
    }

    [Fact]
    public void AllowUnencryptedAuthentication_in_the_context_lets_calls_use_an_http_gateway()
    {
        var gateway = "http://gateway.example.invalid/v1";
        var proxy = Server.BaseUri.GetLeftPart(UriPartial.Authority);

        var refused = Run("New-OAIUpload -FileName a -Bytes 1 -Purpose batch -BaseUri $args[0] -Proxy $args[1]", gateway, proxy);
        Assert.Equal("OpenAI.UnencryptedAuthentication,OpenAI.PowerShell.Commands.NewOAIUploadCommand", refused.SingleError().FullyQualifiedErrorId);

        var allowed = Run("""
            Set-OAIContext -BaseUri $args[0] -Proxy $args[1] -AllowUnencryptedAuthentication
            (Get-OAIContext).AllowUnencryptedAuthentication
            (New-OAIUpload -FileName a -Bytes 1 -Purpose batch).Status
            """, gateway, proxy).ThrowIfFailed();
        Assert.Equal(new object[] { true, "pending" }, allowed.Output.Select(o => o.BaseObject));

        var withdrawn = Run("Set-OAIContext -AllowUnencryptedAuthentication:$false; New-OAIUpload -FileName a -Bytes 1 -Purpose batch");
        Assert.Equal("OpenAI.UnencryptedAuthentication,OpenAI.PowerShell.Commands.NewOAIUploadCommand", withdrawn.SingleError().FullyQualifiedErrorId);
    }

    [Fact]
    public void Reset_forgets_every_setting_including_the_key()
    {
        var result = Run("Set-OAIContext -Reset -MaxRetries 2; Get-OAIContext").ThrowIfFailed();

        Assert.Equal(2, result.Value<int>(0, "MaxRetries"));
        Assert.NotEqual("Context", result.Value<string>(0, "ApiKeySource"));
    }
}
