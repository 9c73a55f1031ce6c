using System.Net;
using System.Net.Http;
using System.Text;
using OpenAI.PowerShell.Http;

namespace OpenAI.PowerShell.Engine.Tests.Http;

/// <summary>Azure OpenAI v1: which base URLs are Azure, where the key goes, access tokens and Azure's errors.</summary>
public sealed class AzureTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A JWT-shaped token whose exp is <paramref name="expires"/>, as Entra ID issues them.</summary>
    internal static string Jwt(DateTimeOffset expires, string id = "a")
    {
        static string Part(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return Part("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + Part($"{{\"aud\":\"https://ai.azure.com\",\"exp\":{expires.ToUnixTimeSeconds()},\"jti\":\"{id}\"}}") + ".c2ln";
    }

    private static ClientSettings Resolve(CallOverrides call, SessionContext? session = null, Dictionary<string, string>? environment = null) =>
        SettingsResolver.Resolve(call, session, name => environment is not null && environment.TryGetValue(name, out var value) ? value : null);

    [Theory]
    [InlineData("https://res.openai.azure.com", "https://res.openai.azure.com/openai/v1/", ApiType.Azure)]
    [InlineData("https://res.openai.azure.com/openai", "https://res.openai.azure.com/openai/v1/", ApiType.Azure)]
    [InlineData("https://res.openai.azure.com/openai/v1/", "https://res.openai.azure.com/openai/v1/", ApiType.Azure)]
    [InlineData("https://res.cognitiveservices.azure.com/", "https://res.cognitiveservices.azure.com/openai/v1/", ApiType.Azure)]
    [InlineData("https://hub.services.ai.azure.com/api/projects/p1", "https://hub.services.ai.azure.com/api/projects/p1/openai/v1/", ApiType.Azure)]
    [InlineData("https://api.openai.com/v1", "https://api.openai.com/v1", ApiType.OpenAI)]
    [InlineData("https://gateway.contoso.com/aoai/v1", "https://gateway.contoso.com/aoai/v1", ApiType.OpenAI)]
    public void Azure_hosts_are_Azure_and_a_resource_without_a_path_means_its_v1_API(string given, string expected, ApiType type)
    {
        var settings = Resolve(new CallOverrides { BaseUri = new Uri(given), ApiKey = null }, new SessionContext { ApiKey = ApiKey.From("k-123456789") });

        Assert.Equal(type, settings.ApiType);
        Assert.Equal(expected, settings.BaseUri.ToString());
    }

    [Fact]
    public void ApiType_Azure_makes_any_base_Azure_and_the_key_goes_in_api_key()
    {
        var settings = Resolve(new CallOverrides { BaseUri = new Uri("https://ai.contoso.com/"), ApiType = ApiType.Azure },
            new SessionContext { ApiKey = ApiKey.From("k-123456789") });

        Assert.Equal("https://ai.contoso.com/openai/v1/", settings.BaseUri.ToString());
        Assert.True(settings.UsesAzureKeyHeader);
    }

    [Fact]
    public void A_token_wins_over_a_key_at_its_level_and_a_per_call_key_wins_over_the_sessions_token()
    {
        var session = new SessionContext { AccessToken = new AccessTokenSource(ApiKey.From("session-token")!), ApiType = ApiType.Azure };

        var fromSession = Resolve(new CallOverrides(), session);
        var perCallKey = Resolve(new CallOverrides { ApiKey = Secure("call-key-123456") }, session);

        Assert.Same(session.AccessToken, fromSession.AccessToken);
        Assert.False(fromSession.UsesAzureKeyHeader);
        Assert.Null(perCallKey.AccessToken);
        Assert.Equal(ApiKeySource.Parameter, perCallKey.ApiKeySource);
    }

    [Fact]
    public void Azure_reads_AZURE_OPENAI_API_KEY_before_OPENAI_API_KEY()
    {
        var environment = new Dictionary<string, string> { ["AZURE_OPENAI_API_KEY"] = "azure-key-1234", ["OPENAI_API_KEY"] = "openai-key-1234" };

        var azure = Resolve(new CallOverrides { BaseUri = new Uri("https://res.openai.azure.com/") }, null, environment);
        var openai = Resolve(new CallOverrides(), null, environment);

        Assert.Equal("azure-key-1234", azure.ApiKey!.Reveal());
        Assert.Equal("openai-key-1234", openai.ApiKey!.Reveal());
    }

    [Fact]
    public async Task A_provided_token_is_cached_until_near_its_expiry_then_asked_again()
    {
        var calls = 0;
        var source = new AccessTokenSource(new object());
        Task<ApiKey?> Fetch(object _, CancellationToken __) => Task.FromResult(ApiKey.From(Jwt(Now.AddMinutes(30), (++calls).ToString(System.Globalization.CultureInfo.InvariantCulture))));

        var first = await source.GetAsync(Fetch, refresh: false, Now, default);
        var cached = await source.GetAsync(Fetch, refresh: false, Now.AddMinutes(20), default);
        var renewed = await source.GetAsync(Fetch, refresh: false, Now.AddMinutes(26), default);

        Assert.Same(first, cached);
        Assert.NotSame(first, renewed);
        Assert.Equal(2, calls);
        Assert.Equal(Now.AddMinutes(30).ToUnixTimeSeconds(), source.ExpiresAt!.Value.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task A_provider_that_fails_or_returns_nothing_is_OpenAI_AccessTokenFailed()
    {
        var source = new AccessTokenSource(new object());

        var nothing = await Assert.ThrowsAsync<OpenAIException>(() => source.GetAsync((_, _) => Task.FromResult<ApiKey?>(null), false, Now, default));
        var thrown = await Assert.ThrowsAsync<OpenAIException>(() => source.GetAsync((_, _) => throw new InvalidOperationException("not signed in"), false, Now, default));

        Assert.Equal(ErrorIds.AccessTokenFailed, nothing.ErrorId);
        Assert.Equal(ErrorIds.AccessTokenFailed, thrown.ErrorId);
        Assert.Contains("not signed in", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_401_asks_the_provider_once_more_and_the_request_goes_again_with_the_new_token()
    {
        var tokens = new Queue<string>(new[] { "old-token-1234", "new-token-5678" });
        var handler = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.Unauthorized) { Content = new StringContent("{\"error\":{\"code\":\"401\",\"message\":\"expired\"}}") },
            _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}") });
        var settings = new ClientSettings
        {
            AccessToken = new AccessTokenSource(new object()),
            TokenFetcher = (_, _) => Task.FromResult(ApiKey.From(tokens.Dequeue())),
            BaseUri = new Uri("https://res.openai.azure.com/openai/v1/"),
            MaxRetries = 0,
        };

        using var response = await new OpenAIClient(settings, null, new RetryPolicy(0), new HttpClient(handler)).SendAsync(HttpMethod.Get, "models", null, default);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new[] { "Bearer old-token-1234", "Bearer new-token-5678" }, handler.Seen.Select(h => h["Authorization"]));
        Assert.All(handler.Seen, h => Assert.False(h.ContainsKey("api-key")));
    }

    [Fact]
    public void Azure_errors_map_to_their_own_ErrorIds_and_name_what_was_filtered()
    {
        const string filtered = """
            {"error":{"code":"content_filter","message":"Your request was rejected as a result of our safety system.","param":"prompt",
             "innererror":{"code":"ResponsibleAIPolicyViolation","content_filter_result":{"hate":{"filtered":false,"severity":"safe"},"violence":{"filtered":true,"severity":"high"}}}}}
            """;
        const string deployment = """{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist."}}""";

        var content = ErrorMapper.FromResponse(new HttpResponseMessage(HttpStatusCode.BadRequest), ErrorMapper.ParseBody(filtered), "req_1", 1);
        var missing = ErrorMapper.FromResponse(new HttpResponseMessage(HttpStatusCode.NotFound), ErrorMapper.ParseBody(deployment), null, 1);

        Assert.Equal(ErrorIds.ContentFiltered, content.ErrorId);
        Assert.Contains("Filtered: violence (high).", content.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorIds.DeploymentNotFound, missing.ErrorId);
        Assert.Contains("deployment", missing.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_project_endpoint_refuses_uploads_before_sending_and_says_where_to_send_them()
    {
        var handler = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));
        var settings = Resolve(new CallOverrides { BaseUri = new Uri("https://hub.services.ai.azure.com/api/projects/p1") }, new SessionContext { ApiKey = ApiKey.From("k-123456789") });
        var uploads = new OpenAI.PowerShell.Uploads.UploadService(new OpenAIClient(settings, null, null, new HttpClient(handler)));

        var error = await Assert.ThrowsAsync<OpenAIException>(() => uploads.CreateAsync(new OpenAI.PowerShell.Uploads.CreateUploadRequest { FileName = "a.jsonl", Bytes = 1, Purpose = "batch", MimeType = "application/jsonl" }, default));

        Assert.Equal(ErrorIds.NotOnProjectEndpoint, error.ErrorId);
        Assert.Contains(".openai.azure.com/openai/v1/", error.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Seen);
    }

    [Fact]
    public void The_exp_of_a_token_that_is_no_JWT_is_unknown()
    {
        Assert.Null(AccessTokenSource.ExpiryOf("plain-token"));
        Assert.Null(AccessTokenSource.ExpiryOf("a.%%%.c"));
        Assert.Equal(Now.ToUnixTimeSeconds(), AccessTokenSource.ExpiryOf(Jwt(Now))!.Value.ToUnixTimeSeconds());
    }

    private static System.Security.SecureString Secure(string text)
    {
        var secure = new System.Security.SecureString();
        foreach (var c in text)
        {
            secure.AppendChar(c);
        }
        return secure;
    }
}
