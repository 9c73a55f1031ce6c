using OpenAI.Emulator;
using OpenAI.PowerShell.Hosted.Tests.Hosting;
using OpenAI.PowerShell.TestSupport;

namespace OpenAI.PowerShell.Hosted.Tests.Commands;

/// <summary>Azure OpenAI v1, against the emulator's Azure mode: keys, Entra ID tokens and their refresh, deployments, errors.</summary>
public sealed class AzureTests : HostedTest
{
    private string Azure => Server.AzureBaseUri.ToString();

    /// <summary>A script block that asks the emulator for a token of <paramref name="lifetimeSeconds"/> and counts its runs in $global:tokenRuns.</summary>
    private string TokenScript(int lifetimeSeconds) => $$"""
        {
            $global:tokenRuns++
            $answer = Invoke-RestMethod '{{Server.BaseUri.ToString().TrimEnd('/')}}/emulator/azure/tokens' -Method Post -ContentType application/json `
                -Body '{"lifetime_seconds":{{lifetimeSeconds}}}' -Headers @{ Authorization = 'Bearer {{Server.ApiKey}}' }
            ConvertTo-SecureString $answer.access_token -AsPlainText -Force
        }
        """;

    private void WriteJsonl() => File.WriteAllText(Path.Combine(Files.Root, "requests.jsonl"),
        "{\"custom_id\":\"r1\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{\"input\":\"x\"}}\n");

    [Fact]
    public void A_key_goes_in_the_api_key_header_and_every_cmdlet_reaches_the_v1_paths()
    {
        WriteJsonl();

        var result = Run($"""
            Set-OAIContext -BaseUri '{Azure}' -ApiType Azure
            Send-OAIFile ./requests.jsonl -Purpose batch | Start-OAIBatch | Wait-OAIBatch -PollInterval 1 | Receive-OAIBatch | ForEach-Object CustomId
            (Get-OAIContext).Credential
            """).ThrowIfFailed();

        Assert.Equal(new object[] { "r1", "api-key header" }, result.Output.Select(o => o.BaseObject));
        var azure = Server.Requests.All.Where(r => r.Path.StartsWith("/openai/v1/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(azure);
        Assert.All(azure, r => Assert.Equal(RequestAuth.ApiKey, r.Auth));
        Assert.DoesNotContain(Server.Requests.All, r => r.Path.Contains("api-version", StringComparison.Ordinal));
    }

    [Fact]
    public void A_token_goes_as_Bearer_and_is_never_shown()
    {
        var token = Server.Azure.IssueToken().AccessToken;

        var result = Run($"""
            Set-OAIContext -BaseUri '{Azure}' -ApiType Azure -AccessToken (ConvertTo-SecureString '{token}' -AsPlainText -Force)
            Get-OAIFile -Verbose -Debug | Measure-Object | ForEach-Object Count
            Get-OAIContext | Format-List | Out-String
            """).ThrowIfFailed();

        Assert.Equal(0, result.Output[0].BaseObject);
        Assert.Contains("Bearer token", result.LastText, StringComparison.Ordinal);
        Assert.All(Server.Requests.All.Where(r => r.Path.StartsWith("/openai/", StringComparison.Ordinal)), r => Assert.Equal(RequestAuth.BearerToken, r.Auth));
        var everything = string.Join("\n", result.Output.Select(o => o.ToString()).Concat(result.Verbose).Concat(result.Debug).Append(result.HostText));
        Assert.DoesNotContain(token, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Split('.')[1], everything, StringComparison.Ordinal);
    }

    [Fact]
    public void A_script_block_runs_once_for_a_fresh_token_and_again_for_one_near_its_expiry()
    {
        var result = Run($$"""
            $global:tokenRuns = 0
            Set-OAIContext -BaseUri '{{Azure}}' -ApiType Azure -AccessToken {{TokenScript(3600)}}
            1..3 | ForEach-Object { $null = Get-OAIFile }
            $fresh = $global:tokenRuns
            $global:tokenRuns = 0
            Set-OAIContext -AccessToken {{TokenScript(120)}}
            1..3 | ForEach-Object { $null = Get-OAIFile }
            $fresh, $global:tokenRuns
            """).ThrowIfFailed();

        // An hour-long token serves every command; one within 5 minutes of its expiry is asked for again each time.
        Assert.Equal(new object[] { 1, 3 }, result.Output.Select(o => o.BaseObject));
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void A_401_runs_the_script_block_once_more_and_the_command_goes_on()
    {
        var result = Run($"""
            $global:tokenRuns = 0
            Set-OAIContext -BaseUri '{Azure}' -ApiType Azure -AccessToken {TokenScript(3600)}
            $null = Get-OAIFile
            """).ThrowIfFailed();
        Server.Azure.RevokeAll();

        var after = Run("Get-OAIFile -Verbose | Measure-Object | ForEach-Object Count; $global:tokenRuns").ThrowIfFailed();

        Assert.Empty(result.Output);
        Assert.Equal(new object[] { 0, 2 }, after.Output.Select(o => o.BaseObject));
        Assert.Contains(after.Verbose, v => v.Contains("asking the -AccessToken script block for a new token", StringComparison.Ordinal));
    }

    [Fact]
    public void An_object_with_a_Token_property_works_as_Get_AzAccessToken_returns_it_and_a_failing_block_is_an_error()
    {
        var token = Server.Azure.IssueToken().AccessToken;

        var works = Run($"Get-OAIFile -BaseUri '{Azure}' -ApiType Azure -AccessToken {{ [pscustomobject]@{{ Token = (ConvertTo-SecureString '{token}' -AsPlainText -Force); ExpiresOn = [DateTimeOffset]::UtcNow.AddHours(1) }} }} | Measure-Object | ForEach-Object Count");
        var fails = Run($"Get-OAIFile -BaseUri '{Azure}' -ApiType Azure -AccessToken {{ throw 'Run Connect-AzAccount to sign in.' }}");

        Assert.Equal(0, works.ThrowIfFailed().Output.Single().BaseObject);
        Assert.Equal("OpenAI.AccessTokenFailed,OpenAI.PowerShell.Commands.GetOAIFileCommand", Assert.Single(fails.ErrorIds));
        Assert.Contains("Run Connect-AzAccount to sign in.", fails.AllErrors.Single().Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deployment_named_otherwise_gets_its_models_checks_with_ModelRules_and_an_unknown_one_is_DeploymentNotFound()
    {
        Server.Azure.AddDeployment("my-images", "gpt-image-2");
        File.WriteAllBytes(Path.Combine(Files.Root, "photo.png"), TestImages.Png(64, 64));
        Run($"Set-OAIContext -BaseUri '{Azure}' -ApiType Azure").ThrowIfFailed();

        var edited = Run("New-OAIImageEdit ./photo.png -Prompt p -Model my-images -ModelRules gpt-image-2 -OutFile ./out.png").ThrowIfFailed();
        var checkedHere = Run("New-OAIImageEdit ./photo.png -Prompt p -Model my-images -ModelRules gpt-image-2 -Size 7x7");
        var unknown = Run("New-OAIImageEdit ./photo.png -Prompt p -Model no-such-deployment");

        Assert.True(TestImages.IsPng(edited.Value<string>(0, "Path")));
        Assert.Equal("OpenAI.InvalidSize,OpenAI.PowerShell.Commands.NewOAIImageEditCommand", Assert.Single(checkedHere.ErrorIds));
        var missing = Assert.Single(unknown.AllErrors);
        Assert.Equal("OpenAI.DeploymentNotFound,OpenAI.PowerShell.Commands.NewOAIImageEditCommand", missing.FullyQualifiedErrorId);
        Assert.Contains("deployment", missing.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
        Assert.Equal(2, Requests("POST", "/images/edits"));
    }

    [Fact]
    public void A_prompt_the_safety_system_refuses_is_ContentFiltered_naming_the_categories()
    {
        File.WriteAllBytes(Path.Combine(Files.Root, "photo.png"), TestImages.Png(64, 64));

        var result = Run($"New-OAIImageEdit ./photo.png -Prompt '[content-filter] p' -BaseUri '{Azure}' -ApiType Azure");

        var error = Assert.Single(result.AllErrors);
        Assert.Equal("OpenAI.ContentFiltered,OpenAI.PowerShell.Commands.NewOAIImageEditCommand", error.FullyQualifiedErrorId);
        Assert.Contains("Filtered: violence (high).", error.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_project_endpoint_refuses_uploads_before_sending_and_serves_the_rest()
    {
        WriteJsonl();
        var project = Server.AzureProjectBaseUri("p1").ToString();

        var refused = Run($"Send-OAIFile ./requests.jsonl -Purpose batch -BaseUri '{project}' -ApiType Azure");
        var listed = Run($"Get-OAIFile -BaseUri '{project}' -ApiType Azure | Measure-Object | ForEach-Object Count").ThrowIfFailed();

        var error = Assert.Single(refused.AllErrors);
        Assert.Equal("OpenAI.NotOnProjectEndpoint,OpenAI.PowerShell.Commands.SendOAIFileCommand", error.FullyQualifiedErrorId);
        Assert.Contains("https://RESOURCE.openai.azure.com/openai/v1/", error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, Requests("POST", "/uploads"));
        Assert.Equal(0, listed.Output.Single().BaseObject);
    }

    [Fact]
    public void A_429_with_retry_after_ms_is_retried_after_that_wait()
    {
        Server.Faults.Enqueue(Fault.RateLimited("/files", TimeSpan.FromMilliseconds(300), "GET"));

        var result = Run($"Get-OAIFile -BaseUri '{Azure}' -ApiType Azure -Verbose | Measure-Object | ForEach-Object Count").ThrowIfFailed();

        Assert.Equal(0, result.Output.Single().BaseObject);
        Assert.Contains(result.Verbose, v => v.Contains("Retrying GET", StringComparison.Ordinal) && v.Contains("in 0.3 s", StringComparison.Ordinal));
    }
}
