using System.Net;
using System.Net.Http;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.TestSupport;

namespace OpenAI.PowerShell.Engine.Tests.Http;

/// <summary>What the client does around each try: auth on every try, and one log line for each try's outcome.</summary>
public sealed class RequestPolicyTests
{
    private const string Key = "sk-test-policy-0123456789";

    private static ClientSettings Settings(string baseUri = "https://api.test.example/v1", int maxRetries = 1, TimeSpan? timeout = null) => new()
    {
        ApiKey = ApiKey.From(Key),
        BaseUri = new Uri(baseUri),
        Organization = "org-1",
        Project = "proj-1",
        MaxRetries = maxRetries,
        Timeout = timeout ?? TimeSpan.FromSeconds(30),
    };

    private static Task<HttpResponseMessage> Send(ClientSettings settings, ScriptedHandler handler, IRequestLog? log = null) =>
        new OpenAIClient(settings, log, new RetryPolicy(settings.MaxRetries) { Delay = (_, _) => Task.CompletedTask }, new HttpClient(handler))
            .SendAsync(HttpMethod.Get, "models", null, default);

    [Fact]
    public async Task Every_try_is_signed_afresh_with_the_key_and_the_account_headers()
    {
        var handler = new ScriptedHandler(_ => Answer(HttpStatusCode.InternalServerError), _ => Answer(HttpStatusCode.OK));

        using var response = await Send(Settings(), handler);

        Assert.Equal(2, handler.Seen.Count);
        Assert.All(handler.Seen, headers =>
        {
            Assert.Equal("Bearer " + Key, headers["Authorization"]);
            Assert.Equal("org-1", headers["OpenAI-Organization"]);
            Assert.Equal("proj-1", headers["OpenAI-Project"]);
            Assert.StartsWith("OpenAI.PowerShell/", headers["User-Agent"]);
        });
    }

    [Fact]
    public async Task Azure_endpoints_get_the_key_in_an_api_key_header()
    {
        var handler = new ScriptedHandler(_ => Answer(HttpStatusCode.OK));

        using var response = await Send(Settings("https://example.openai.azure.com/openai"), handler);

        Assert.Equal(Key, handler.Seen[0]["api-key"]);
        Assert.False(handler.Seen[0].ContainsKey("Authorization"));
    }

    [Fact]
    public async Task The_log_shows_the_signed_headers_redacted_before_each_outcome()
    {
        var handler = new ScriptedHandler(_ => Answer(HttpStatusCode.ServiceUnavailable, "req_1"), _ => Answer(HttpStatusCode.OK, "req_2"));
        var log = new ListLog();

        using var response = await Send(Settings(), handler, log);

        var lines = log.Lines;
        Assert.Equal(5, lines.Count);
        Assert.StartsWith("DEBUG: GET https://api.test.example/v1/models headers: Authorization: [redacted]", lines[0]);
        Assert.Contains("OpenAI-Project: proj-1", lines[0]);
        Assert.Matches(@"^VERBOSE: GET https://api\.test\.example/v1/models -> 503 request req_1 attempt 1/2 in \d+ ms$", lines[1]);
        Assert.StartsWith("VERBOSE: Retrying GET https://api.test.example/v1/models in ", lines[2]);
        Assert.StartsWith("DEBUG: ", lines[3]);
        Assert.Matches(@"^VERBOSE: GET .* -> 200 request req_2 attempt 2/2 in \d+ ms$", lines[4]);
        Assert.DoesNotContain(lines, l => l.Contains(Key));
    }

    [Fact]
    public async Task A_try_that_times_out_is_logged_as_a_timeout()
    {
        var handler = new ScriptedHandler(_ => throw new TaskCanceledException("no answer"));
        var log = new ListLog();

        var error = await Assert.ThrowsAsync<OpenAIException>(() => Send(Settings(maxRetries: 0, timeout: TimeSpan.FromSeconds(1)), handler, log));

        Assert.Equal(ErrorIds.RequestTimeout, error.ErrorId);
        Assert.Matches(@"^VERBOSE: GET \S+/models timed out after \d+ ms, attempt 1/1$", log.Lines.Last());
    }

    [Fact]
    public async Task A_connection_failure_is_logged_with_its_reason()
    {
        var handler = new ScriptedHandler(_ => throw new HttpRequestException("Connection refused"));
        var log = new ListLog();

        var error = await Assert.ThrowsAsync<OpenAIException>(() => Send(Settings(maxRetries: 0), handler, log));

        Assert.Equal(ErrorIds.ConnectionFailed, error.ErrorId);
        Assert.Equal("VERBOSE: GET https://api.test.example/v1/models failed to connect or was cut off (Connection refused), attempt 1/1", log.Lines.Last());
    }

    private static HttpResponseMessage Answer(HttpStatusCode status, string? requestId = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent("{}") };
        if (requestId is not null)
        {
            response.Headers.Add("x-request-id", requestId);
        }
        return response;
    }
}
