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

    [Theory]
    [InlineData("-Organization \"org-1`r`nX-Injected: yes\"", "The organization", "a line break at character 6")]
    [InlineData("-Project \"proj-1`nX-Injected: yes\"", "The project", "a line break at character 7")]
    [InlineData("-Project 'projé'", "The project", "a character outside ASCII (U+00E9) at character 5")]
    [InlineData("-ApiKey (ConvertTo-SecureString \"sk-abc`r`ndef-secret\" -AsPlainText -Force)", "The API key (from -ApiKey)", "a line break at character 7")]
    public void A_header_value_that_cannot_be_sent_is_refused_before_anything_is_sent_and_never_retried(string parameter, string what, string problem)
    {
        var result = Run($"'a', 'b' | ForEach-Object {{ New-OAIUpload -FileName $_ -Bytes 10 -Purpose batch {parameter} -MaxRetries 3 }}");

        Assert.Equal(2, result.Errors.Count);
        var error = result.Errors[0];
        Assert.Equal("OpenAI.InvalidHeaderValue,OpenAI.PowerShell.Commands.NewOAIUploadCommand", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.StartsWith(what, error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Requests.All);
    }

    [Fact]
    public void Set_OAIContext_refuses_a_header_value_that_cannot_be_sent_and_keeps_the_context()
    {
        var result = Run("Set-OAIContext -Organization \"org-1`nX-Injected: yes\"; (Get-OAIContext).Organization");

        Assert.Equal("OpenAI.InvalidHeaderValue,OpenAI.PowerShell.Commands.SetOAIContextCommand", result.SingleError().FullyQualifiedErrorId);
        Assert.Null(Assert.Single(result.Output)?.BaseObject);
    }

    [Theory]
    [InlineData("OPENAI_ORG_ID", "org-abc\r\n", "OpenAI-Organization", "org-abc")]
    [InlineData("OPENAI_PROJECT_ID", " proj-abc\n", "OpenAI-Project", "proj-abc")]
    public void A_value_read_from_a_file_with_its_line_break_is_sent_without_it(string variable, string value, string header, string sent)
    {
        var saved = Environment.GetEnvironmentVariable(variable);
        try
        {
            Environment.SetEnvironmentVariable(variable, value);
            Run("New-OAIUpload -FileName a.bin -Bytes 10 -Purpose batch").ThrowIfFailed();
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, saved);
        }

        Assert.Equal(sent, Assert.Single(Server.Requests.All).Headers[header]);
    }

    [Fact]
    public void A_line_break_inside_an_environment_value_is_refused_naming_the_variable_family()
    {
        var saved = Environment.GetEnvironmentVariable("OPENAI_ORG_ID");
        try
        {
            Environment.SetEnvironmentVariable("OPENAI_ORG_ID", "org-a\r\nX-Injected: yes");
            var result = Run("New-OAIUpload -FileName a.bin -Bytes 10 -Purpose batch");

            Assert.Equal("OpenAI.InvalidHeaderValue,OpenAI.PowerShell.Commands.NewOAIUploadCommand", result.SingleError().FullyQualifiedErrorId);
            Assert.Contains("OPENAI_ORG_ID", result.SingleError().Exception.Message, StringComparison.Ordinal);
            Assert.Empty(Server.Requests.All);
        }
        finally
        {
            Environment.SetEnvironmentVariable("OPENAI_ORG_ID", saved);
        }
    }

    [Fact]
    public void A_base_URL_with_a_query_keeps_it_after_the_operations_path()
    {
        // Azure OpenAI and some gateways take an api-version or a token in the base URL's query.
        var result = Run("New-OAIUpload -FileName a.bin -Bytes 10 -Purpose batch -BaseUri ($args[0] + '?api-version=2025-04-01-preview')", Server.BaseUri.ToString());

        result.ThrowIfFailed();
        var sent = Assert.Single(Server.Requests.All);
        Assert.Equal("/v1/uploads", sent.Path);
        Assert.Equal("?api-version=2025-04-01-preview", sent.Query);
    }

    [Fact]
    public void A_blank_ApiKey_is_refused_rather_than_replaced_by_the_session_key()
    {
        // Read-Host -AsSecureString answered with Enter gives an empty key.
        var result = Run("New-OAIUpload -FileName a.bin -Bytes 10 -Purpose batch -ApiKey (New-Object System.Security.SecureString)");

        var error = result.SingleError();
        Assert.Equal("OpenAI.MissingApiKey,OpenAI.PowerShell.Commands.NewOAIUploadCommand", error.FullyQualifiedErrorId);
        Assert.Contains("-ApiKey was given, but it is empty", error.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Requests.All);
    }
}
