using System.Buffers.Text;
using System.Text.Json;
using OpenAI.Emulator;
using static OpenAI.PowerShell.Engine.Tests.Emulator.AzureTestHelpers;
using static OpenAI.PowerShell.Engine.Tests.Emulator.EmulatorTestClient;

namespace OpenAI.PowerShell.Engine.Tests.Emulator;

/// <summary>Auth on the emulator's Azure OpenAI v1 paths: api-key, issued tokens, expiry, revocation; /v1 as before.</summary>
public sealed class EmulatorAzureAuthTests
{
    [Fact]
    public async Task ApiKeyAndIssuedToken_OnOpenAIV1_AreAccepted_AndLoggedByFormWithoutTheSecret()
    {
        await using var c = await StartAsync();
        var token = c.Server.Azure.IssueToken(TimeSpan.FromMinutes(5));
        using var byKey = AzureClient(c.Server, apiKey: c.Server.ApiKey);
        using var byToken = AzureClient(c.Server, bearer: token.AccessToken);

        using (var response = await byKey.GetAsync("files"))
        {
            Assert.Equal(200, (int)response.StatusCode);
        }

        using (var response = await byToken.GetAsync("files"))
        {
            Assert.Equal("list", (await ReadJsonAsync(response)).GetProperty("object").GetString());
        }

        Assert.Equal(1, c.Server.Azure.KeyRequests);
        Assert.Equal(1, c.Server.Azure.TokenRequests);
        var log = c.Server.Requests.All;
        Assert.Equal(["/openai/v1/files", "/openai/v1/files"], log.Select(r => r.Path));
        Assert.Equal([RequestAuth.ApiKey, RequestAuth.BearerToken], log.Select(r => r.Auth));
        var logged = string.Join("\n", log.SelectMany(r => r.Headers.Values));
        Assert.DoesNotContain(token.AccessToken, logged);
        Assert.DoesNotContain(c.Server.ApiKey, logged);
    }

    [Fact]
    public async Task Token_PastItsExpiryOnTheEmulatorClock_Is401InAzureShape()
    {
        await using var c = await StartAsync();
        var token = c.Server.Azure.IssueToken(TimeSpan.FromSeconds(60));
        Assert.Equal(c.Server.Clock.UtcNow.ToUnixTimeSeconds() + 60, token.ExpiresOn.ToUnixTimeSeconds());
        using var http = AzureClient(c.Server, bearer: token.AccessToken);
        using (var response = await http.GetAsync("batches"))
        {
            Assert.Equal(200, (int)response.StatusCode);
        }

        c.Server.Clock.Advance(TimeSpan.FromSeconds(61));

        using var expired = await http.GetAsync("batches");
        Assert.Equal(TokenMessage, (await ReadAzureErrorAsync(expired, 401, "401")).GetProperty("message").GetString());
        Assert.Equal(1, c.Server.Azure.TokenRequests);
    }

    [Fact]
    public async Task RevokedTokens_Are401BeforeExpiry_WhileTokensIssuedAfterWork()
    {
        await using var c = await StartAsync();
        var before = c.Server.Azure.IssueToken();
        using (var revoke = await c.Http.PostAsync("emulator/azure/revoke", null))
        {
            Assert.Equal(1, (await ReadJsonAsync(revoke)).GetProperty("revoked").GetInt32());
        }

        var after = c.Server.Azure.IssueToken();
        using var revoked = AzureClient(c.Server, bearer: before.AccessToken);
        using var fresh = AzureClient(c.Server, bearer: after.AccessToken);

        using (var response = await revoked.GetAsync("files"))
        {
            await ReadAzureErrorAsync(response, 401, "401");
        }

        using (var response = await fresh.GetAsync("files"))
        {
            Assert.Equal(200, (int)response.StatusCode);
        }

        Assert.Equal(1, c.Server.Azure.RevokeAll());
        using var again = await fresh.GetAsync("files");
        await ReadAzureErrorAsync(again, 401, "401");
    }

    [Fact]
    public async Task BearerKey_AWrongKey_OrNothing_AreRefusedOnAzurePaths()
    {
        await using var c = await StartAsync();
        using var bearerKey = AzureClient(c.Server, bearer: c.Server.ApiKey);
        using var wrongKey = AzureClient(c.Server, apiKey: "not-the-key");
        using var nothing = AzureClient(c.Server);
        using var madeUp = AzureClient(c.Server, bearer: "eyJhbGciOiJub25lIn0.e30.c2ln");

        foreach (var http in new[] { bearerKey, nothing, madeUp })
        {
            using var response = await http.GetAsync("files");
            Assert.Equal(TokenMessage, (await ReadAzureErrorAsync(response, 401, "401")).GetProperty("message").GetString());
        }

        using (var response = await wrongKey.GetAsync("files"))
        {
            Assert.StartsWith("Access denied", (await ReadAzureErrorAsync(response, 401, "401")).GetProperty("message").GetString());
        }

        Assert.Equal(
            [RequestAuth.BearerKey, RequestAuth.None, RequestAuth.BearerToken, RequestAuth.ApiKey],
            c.Server.Requests.All.Select(r => r.Auth));
        Assert.Equal(0, c.Server.Azure.KeyRequests + c.Server.Azure.TokenRequests);
    }

    [Fact]
    public async Task V1Paths_KeepOpenAIAuth_AndRefuseAzureTokens()
    {
        await using var c = await StartAsync();
        var token = c.Server.Azure.IssueToken();
        using var v1ApiKey = AzureClient(c.Server, apiKey: c.Server.ApiKey, baseUri: c.Server.BaseUri);
        using var v1Token = AzureClient(c.Server, bearer: token.AccessToken, baseUri: c.Server.BaseUri);

        using (var response = await c.Http.GetAsync("files"))
        {
            Assert.Equal(200, (int)response.StatusCode);
        }

        using (var response = await v1ApiKey.GetAsync("files"))
        {
            Assert.Equal(200, (int)response.StatusCode);
        }

        using (var response = await v1Token.GetAsync("files"))
        {
            Assert.Equal("invalid_api_key", (await ReadErrorAsync(response, 401)).GetProperty("code").GetString());
        }

        using (var response = await c.Http.GetAsync("no/such/route"))
        {
            Assert.Equal("Invalid URL (GET /v1/no/such/route)", (await ReadErrorAsync(response, 404)).GetProperty("message").GetString());
        }

        Assert.Equal([RequestAuth.BearerKey, RequestAuth.ApiKey, RequestAuth.BearerToken, RequestAuth.BearerKey], c.Server.Requests.All.Select(r => r.Auth));
        Assert.Equal(0, c.Server.Azure.KeyRequests + c.Server.Azure.TokenRequests);
    }

    [Fact]
    public async Task TokenRoute_IssuesAJwtShapedTokenWhoseExpIsExpiresOn()
    {
        await using var c = await StartAsync();
        using var response = await c.Http.PostAsync("emulator/azure/tokens", Json(new { lifetime_seconds = 120 }));
        var body = await ReadJsonAsync(response);
        var accessToken = body.GetProperty("access_token").GetString()!;
        var expiresOn = body.GetProperty("expires_on").GetInt64();

        var segments = accessToken.Split('.');
        Assert.Equal(3, segments.Length);
        Assert.NotEmpty(segments[2]);
        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(segments[0]));
        using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(segments[1]));
        Assert.Equal("none", header.RootElement.GetProperty("alg").GetString());
        Assert.Equal("JWT", header.RootElement.GetProperty("typ").GetString());
        Assert.Equal("https://ai.azure.com", payload.RootElement.GetProperty("aud").GetString());
        Assert.Equal(expiresOn, payload.RootElement.GetProperty("exp").GetInt64());
        Assert.Equal(c.Server.Clock.UtcNow.ToUnixTimeSeconds(), payload.RootElement.GetProperty("iat").GetInt64());
        Assert.Equal(expiresOn - 120, payload.RootElement.GetProperty("iat").GetInt64());
        Assert.NotEmpty(payload.RootElement.GetProperty("jti").GetString()!);

        using var http = AzureClient(c.Server, bearer: accessToken);
        using (var ok = await http.GetAsync("batches"))
        {
            Assert.Equal(200, (int)ok.StatusCode);
        }

        using var defaulted = await c.Http.PostAsync("emulator/azure/tokens", null);
        Assert.Equal(c.Server.Clock.UtcNow.ToUnixTimeSeconds() + 3600, (await ReadJsonAsync(defaulted)).GetProperty("expires_on").GetInt64());
        using var negative = await c.Http.PostAsync("emulator/azure/tokens", Json(new { lifetime_seconds = -1 }));
        Assert.Equal("lifetime_seconds", (await ReadErrorAsync(negative, 400)).GetProperty("param").GetString());
    }

    [Fact]
    public async Task ControlRoutes_AreNotServedUnderTheAzurePaths()
    {
        await using var c = await StartAsync();
        using var http = AzureClient(c.Server, apiKey: c.Server.ApiKey);

        using var response = await http.PostAsync("emulator/azure/tokens", Json(new { lifetime_seconds = 60 }));

        Assert.Equal("Resource not found", (await ReadAzureErrorAsync(response, 404, "404")).GetProperty("message").GetString());
        Assert.Equal(0, c.Server.Azure.RevokeAll());   // no token was issued
    }
}
