using OpenAI.Emulator;

namespace OpenAI.PowerShell.Hosted.Tests.Docs;

/// <summary>
/// The Azure OpenAI rows: the examples name a real resource, which the prelude points at the emulator's
/// Azure mode, with Get-AzAccessToken standing in for Az.Accounts' (an emulator token, as a SecureString)
/// and a deployment named my-images that serves gpt-image-2.
/// </summary>
public static partial class ExampleFixtures
{
    private const string AzureResource = """
        $global:__azureControl = (Get-OAIContext).BaseUri.ToString().TrimEnd('/')
        function global:Get-AzAccessToken {
            param([string] $ResourceUrl)
            $answer = Invoke-RestMethod "$global:__azureControl/emulator/azure/tokens" -Method Post -ContentType application/json `
                -Body '{"lifetime_seconds":3600}' -Headers @{ Authorization = "Bearer $global:__exampleKey" }
            [pscustomobject]@{ Token = (ConvertTo-SecureString $answer.access_token -AsPlainText -Force); ExpiresOn = [DateTimeOffset]::FromUnixTimeSeconds($answer.expires_on) }
        }
        $null = Invoke-RestMethod "$global:__azureControl/emulator/azure/deployments" -Method Post -ContentType application/json `
            -Body '{"name":"my-images","model":"gpt-image-2"}' -Headers @{ Authorization = "Bearer $global:__exampleKey" }
        # The emulator's address is no Azure host, so the session says what the real one would.
        $azure = $global:__azureControl -replace '/v1$', '/openai/v1/'
        Set-OAIContext -ApiType Azure -BaseUri $azure
        @{ 'https://my-resource.openai.azure.com/' = $azure }
        """;

    private static IEnumerable<KeyValuePair<string, ExampleFixture>> AzureRows() => new Dictionary<string, ExampleFixture>
    {
        [Readme + "Azure OpenAI"] = new(Edited)
        {
            Prelude = AzureResource,
            Check = r =>
            {
                SavedPng(r, "edited/one-0.png", "edited/two[1]-0.png");
                AllOnAzureWith(r, RequestAuth.BearerToken);
                // The deployment's name goes as the model; its checks were gpt-image-2's.
                Assert.All(r.Server.Requests.All.Where(q => q.Path.EndsWith("/images/edits", StringComparison.Ordinal)),
                    q => Assert.Equal("my-images", q.FormParts.Single(p => p.Name == "model").Value));
            },
        },
        [About + "AZURE OPENAI (1)"] = new(Edited)
        {
            Prelude = AzureResource,
            Check = r =>
            {
                SavedPng(r, "edited/one-0.png", "edited/two[1]-0.png");
                AllOnAzureWith(r, RequestAuth.ApiKey);
            },
        },
        [About + "AZURE OPENAI (2)"] = new(new[] { "ContextInfo" })
        {
            Prelude = AzureResource,
            Check = r =>
            {
                var context = r.Single("ContextInfo");
                Assert.Equal("Azure", ExampleRun.Get<string>(context, "ApiType"));
                Assert.Equal("Bearer token from a script block", ExampleRun.Get<string>(context, "Credential"));
            },
        },
        [About + "AZURE OPENAI (3)"] = new(Edited)
        {
            Prelude = AzureResource,
            Check = r =>
            {
                SavedPng(r, "beret.png");
                Assert.Equal("my-images", r.Request("POST", "/images/edits").FormParts.Single(p => p.Name == "model").Value);
                AllOnAzureWith(r, RequestAuth.ApiKey);
            },
        },
    };

    /// <summary>Every request of the example (but the stand-in's for a token) went to the Azure v1 paths, authenticated as <paramref name="auth"/>.</summary>
    private static void AllOnAzureWith(ExampleRun r, RequestAuth auth)
    {
        var requests = r.Server.Requests.All.Where(q => !q.Path.StartsWith("/v1/emulator/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(requests);
        Assert.All(requests, q =>
        {
            Assert.StartsWith("/openai/v1/", q.Path, StringComparison.Ordinal);
            Assert.Equal(auth, q.Auth);
        });
    }
}
