using OpenAI.Emulator;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.TestSupport;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Engine.Tests.Http;

public sealed class SettingsTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Key_precedence_is_parameter_then_context_then_environment()
    {
        var env = Env(("OPENAI_API_KEY", "sk-from-environment"));
        var session = new SessionContext { ApiKey = ApiKey.From("sk-from-context-1") };
        var call = new CallOverrides { ApiKey = EmulatorClients.Secure("sk-from-parameter") };

        Assert.Equal(ApiKeySource.Parameter, SettingsResolver.Resolve(call, session, env).ApiKeySource);
        Assert.Equal("sk-from-parameter", SettingsResolver.Resolve(call, session, env).ApiKey!.Reveal());
        Assert.Equal("sk-from-context-1", SettingsResolver.Resolve(null, session, env).ApiKey!.Reveal());
        Assert.Equal(ApiKeySource.Environment, SettingsResolver.Resolve(null, new SessionContext(), env).ApiKeySource);
        Assert.Equal(ApiKeySource.None, SettingsResolver.Resolve(null, null, Env()).ApiKeySource);
    }

    [Fact]
    public void Environment_supplies_base_url_organization_and_project()
    {
        var settings = SettingsResolver.Resolve(null, null, Env(
            ("OPENAI_BASE_URL", "https://example.test/v1"), ("OPENAI_ORG_ID", "org-1"), ("OPENAI_PROJECT_ID", "proj-1")));

        Assert.Equal(new Uri("https://example.test/v1"), settings.BaseUri);
        Assert.Equal("org-1", settings.Organization);
        Assert.Equal("proj-1", settings.Project);
        Assert.Equal(3, settings.MaxRetries);
    }

    [Fact]
    public void Context_beats_environment_and_parameter_beats_context()
    {
        var env = Env(("OPENAI_ORG_ID", "org-env"));
        var session = new SessionContext { Organization = "org-context", MaxRetries = 5 };

        Assert.Equal("org-context", SettingsResolver.Resolve(null, session, env).Organization);
        Assert.Equal("org-call", SettingsResolver.Resolve(new CallOverrides { Organization = "org-call" }, session, env).Organization);
        Assert.Equal(5, SettingsResolver.Resolve(null, session, env).MaxRetries);
        Assert.Equal(0, SettingsResolver.Resolve(new CallOverrides { MaxRetries = 0 }, session, env).MaxRetries);
    }

    [Fact]
    public void Bad_base_url_is_a_clear_error()
    {
        var error = Assert.Throws<OpenAIException>(() => SettingsResolver.Resolve(null, null, Env(("OPENAI_BASE_URL", "not a url"))));
        Assert.Equal(ErrorIds.InvalidBaseUri, error.ErrorId);
    }

    [Fact]
    public void Missing_key_is_refused_with_its_own_error_id()
    {
        var error = Assert.Throws<OpenAIException>(() => new OpenAIClient(new ClientSettings()));
        Assert.Equal(ErrorIds.MissingApiKey, error.ErrorId);
    }

    [Theory]
    [InlineData("http://api.example.test/v1", false)]
    [InlineData("http://10.0.0.5/v1", false)]
    [InlineData("http://127.0.0.1:8080/v1", true)]
    [InlineData("http://localhost:8080/v1", true)]
    [InlineData("http://[::1]:8080/v1", true)]
    [InlineData("https://api.example.test/v1", true)]
    public void Plain_http_with_a_key_is_only_allowed_to_loopback(string url, bool allowed)
    {
        var settings = new ClientSettings { ApiKey = ApiKey.From("sk-test-0123456789"), BaseUri = new Uri(url) };

        if (allowed)
        {
            SettingsResolver.EnsureSafeToSend(settings);
        }
        else
        {
            var error = Assert.Throws<OpenAIException>(() => SettingsResolver.EnsureSafeToSend(settings));
            Assert.Equal(ErrorIds.UnencryptedAuthentication, error.ErrorId);
            Assert.Contains("-AllowUnencryptedAuthentication", error.Message);
            SettingsResolver.EnsureSafeToSend(new ClientSettings { ApiKey = settings.ApiKey, BaseUri = settings.BaseUri, AllowUnencryptedAuthentication = true });
        }
    }

    [Fact]
    public void Key_shows_only_its_last_four_characters()
    {
        var key = ApiKey.From("sk-proj-abcdefghijklmnop1234")!;

        Assert.Equal("****1234", key.ToString());
        Assert.Equal("****1234", key.Hint);
        Assert.Equal("****", ApiKey.From("short")!.Hint);
    }

    [Fact]
    public async Task Organization_and_project_headers_are_sent()
    {
        await using var server = await EmulatorServer.StartAsync();
        var settings = new ClientSettings { ApiKey = ApiKey.From(server.ApiKey), BaseUri = server.BaseUri, Organization = "org-42", Project = "proj-7" };

        await new UploadService(new OpenAIClient(settings)).CreateAsync(new CreateUploadRequest { Purpose = "batch", FileName = "a.txt", Bytes = 1 }, default);

        var request = Assert.Single(server.Requests.All);
        Assert.Equal("org-42", request.Headers.First(h => h.Key.Equals("OpenAI-Organization", StringComparison.OrdinalIgnoreCase)).Value);
        Assert.Equal("proj-7", request.Headers.First(h => h.Key.Equals("OpenAI-Project", StringComparison.OrdinalIgnoreCase)).Value);
    }

    [Fact]
    public void One_http_client_per_configuration_is_reused()
    {
        var a = new ClientSettings { ApiKey = ApiKey.From("sk-aaaaaaaaaa"), BaseUri = new Uri("https://one.example.test/v1") };
        var b = new ClientSettings { ApiKey = ApiKey.From("sk-bbbbbbbbbb"), BaseUri = new Uri("https://one.example.test/v1") };
        var c = new ClientSettings { ApiKey = ApiKey.From("sk-cccccccccc"), BaseUri = new Uri("https://two.example.test/v1") };

        Assert.Same(HttpClientPool.Get(a), HttpClientPool.Get(b));
        Assert.NotSame(HttpClientPool.Get(a), HttpClientPool.Get(c));
    }

    [Fact]
    public void Session_context_is_what_Get_OAIContext_shows_with_only_a_key_hint()
    {
        var store = new SessionContextStore();
        store.Update(c =>
        {
            c.ApiKey = ApiKey.From("sk-session-key-abcd9876");
            c.BaseUri = new Uri("https://proxy.example.test/v1");
            c.MaxRetries = 7;
        });
        store.Update(c => c.Project = "proj-x");

        var info = OpenAI.PowerShell.Model.ContextInfo.From(SettingsResolver.Resolve(null, store.Current, Env()));

        Assert.Equal("****9876", info.ApiKeyHint);
        Assert.Equal("Context", info.ApiKeySource);
        Assert.Equal(7, info.MaxRetries);
        Assert.Equal("proj-x", info.Project);
        Assert.DoesNotContain("sk-session", info.ToString());
        store.Reset();
        Assert.Null(store.Current.ApiKey);
    }

    [Fact]
    public async Task A_timed_out_attempt_is_retried()
    {
        await using var server = await EmulatorServer.StartAsync();
        server.Faults.Enqueue(Fault.Slow("/uploads", TimeSpan.FromSeconds(10)));
        var retry = EmulatorClients.FastRetry();
        var settings = new ClientSettings { ApiKey = ApiKey.From(server.ApiKey), BaseUri = server.BaseUri, Timeout = TimeSpan.FromSeconds(1.5) };

        var upload = await new UploadService(new OpenAIClient(settings, null, retry.Policy)).CreateAsync(new CreateUploadRequest { Purpose = "batch", FileName = "a.txt", Bytes = 1 }, default);

        Assert.Equal("pending", upload.Status);
        Assert.NotEmpty(retry.Waits);
        Assert.Equal(1, server.Faults.Injected);
    }
}
