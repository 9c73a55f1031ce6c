using OpenAI.Emulator;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.TestSupport;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Engine.Tests.Http;

public sealed class RetryTests : EmulatorTest
{
    private static Fault Status(int status, string? code = null, params (string, string)[] headers) => new()
    {
        Kind = FaultKind.Status,
        Status = status,
        ErrorCode = code,
        PathContains = "/uploads",
        Headers = headers.ToDictionary(h => h.Item1, h => h.Item2),
    };

    private Task<OpenAI.PowerShell.Model.Upload> CreateAsync(RecordedRetry retry, IRequestLog? log = null) =>
        new UploadService(EmulatorClients.Client(Server, retry, log))
            .CreateAsync(new CreateUploadRequest { Purpose = "batch", FileName = "f.jsonl", Bytes = 5 }, default);

    [Fact]
    public async Task Retry_after_seconds_is_obeyed()
    {
        Server.Faults.Enqueue(Status(429, headers: ("retry-after", "7")));
        var retry = EmulatorClients.FastRetry();

        var upload = await CreateAsync(retry);

        Assert.Equal("pending", upload.Status);
        Assert.Equal(new[] { TimeSpan.FromSeconds(7) }, retry.Waits);
        Assert.Equal(2, Server.Requests.Count("POST", "/uploads"));
    }

    [Fact]
    public async Task Retry_after_ms_wins_over_retry_after()
    {
        Server.Faults.Enqueue(Status(503, headers: new[] { ("retry-after-ms", "250"), ("retry-after", "30") }));
        var retry = EmulatorClients.FastRetry();

        await CreateAsync(retry);

        Assert.Equal(new[] { TimeSpan.FromMilliseconds(250) }, retry.Waits);
    }

    [Fact]
    public async Task Retry_after_as_http_date_is_obeyed()
    {
        var retry = new RecordedRetry(3);
        var when = DateTimeOffset.UtcNow.AddSeconds(20);
        Server.Faults.Enqueue(Status(429, headers: ("retry-after", when.ToString("R"))));

        await CreateAsync(retry);

        var wait = Assert.Single(retry.Waits);
        Assert.InRange(wait.TotalSeconds, 17, 21);
    }

    [Fact]
    public async Task Retry_after_above_120_s_fails_and_says_how_long()
    {
        Server.Faults.Enqueue(Status(429, headers: ("retry-after", "600")));
        var retry = EmulatorClients.FastRetry();

        var error = await Assert.ThrowsAsync<OpenAIException>(() => CreateAsync(retry));

        Assert.Equal(ErrorIds.RetryAfterTooLong, error.ErrorId);
        Assert.Contains("600 s", error.Message);
        Assert.Empty(retry.Waits);
        Assert.Equal(1, Server.Requests.Count("POST", "/uploads"));
    }

    [Fact]
    public async Task Insufficient_quota_is_not_retried()
    {
        Server.Faults.Enqueue(Status(429, "insufficient_quota"));
        var retry = EmulatorClients.FastRetry();

        var error = await Assert.ThrowsAsync<OpenAIException>(() => CreateAsync(retry));

        Assert.Equal(ErrorIds.InsufficientQuota, error.ErrorId);
        Assert.Empty(retry.Waits);
        Assert.Equal(1, Server.Requests.Count("POST", "/uploads"));
    }

    [Fact]
    public async Task Rate_limit_exhausting_retries_is_RateLimited_with_backoff()
    {
        for (var i = 0; i < 4; i++)
        {
            Server.Faults.Enqueue(Status(429));
        }
        var retry = EmulatorClients.FastRetry(maxRetries: 3);

        var error = await Assert.ThrowsAsync<OpenAIException>(() => CreateAsync(retry));

        Assert.Equal(ErrorIds.RateLimited, error.ErrorId);
        Assert.Equal(4, error.Attempts);
        Assert.Equal(new[] { 0.5, 1.0, 2.0 }, retry.Waits.Select(w => w.TotalSeconds));
    }

    [Theory]
    [InlineData(408)]
    [InlineData(409)]
    [InlineData(500)]
    [InlineData(502)]
    public async Task Retryable_statuses_are_retried(int status)
    {
        Server.Faults.Enqueue(Status(status));
        var retry = EmulatorClients.FastRetry();

        await CreateAsync(retry);

        Assert.Single(retry.Waits);
    }

    [Fact]
    public async Task X_should_retry_false_stops_a_retry()
    {
        Server.Faults.Enqueue(Status(500, headers: ("x-should-retry", "false")));
        var retry = EmulatorClients.FastRetry();

        var error = await Assert.ThrowsAsync<OpenAIException>(() => CreateAsync(retry));

        Assert.Equal(ErrorIds.ServerError, error.ErrorId);
        Assert.Empty(retry.Waits);
    }

    [Fact]
    public async Task X_should_retry_true_retries_a_400()
    {
        Server.Faults.Enqueue(Status(400, headers: ("x-should-retry", "true")));
        var retry = EmulatorClients.FastRetry();

        await CreateAsync(retry);

        Assert.Single(retry.Waits);
    }

    [Fact]
    public async Task Connection_abort_in_mid_body_is_retried_and_the_part_arrives_whole()
    {
        var service = new UploadService(EmulatorClients.Client(Server));
        var upload = await service.CreateAsync(new CreateUploadRequest { Purpose = "batch", FileName = "f.bin", Bytes = 200_000 }, default);
        Server.Faults.Enqueue(new Fault { Kind = FaultKind.AbortRequestMidBody, PathContains = "/parts", AbortAfterBytes = 50_000 });
        var data = Enumerable.Range(0, 200_000).Select(i => (byte)i).ToArray();

        var part = await service.AddPartAsync(upload.Id, PartSource.FromBytes(data, 0, data.Length), 1, 0, default);
        var done = await service.CompleteAsync(upload.Id, new[] { part.Id }, TestFiles.Md5Hex(data), default);

        Assert.Equal(data, Server.State.ReadFileContent(done.File!.Id));
        Assert.Equal(1, Server.Faults.Injected);
    }

    [Fact]
    public async Task Verbose_log_shows_method_url_status_request_id_and_attempt_but_no_key()
    {
        Server.Faults.Enqueue(Status(500));
        var log = new ListLog();

        await CreateAsync(EmulatorClients.FastRetry(), log);

        Assert.Contains(log.Lines, l => l.StartsWith("VERBOSE: POST " + Server.BaseUri + "/uploads -> 500 request req_") && l.Contains("attempt 1/4"));
        Assert.Contains(log.Lines, l => l.Contains("-> 200") && l.Contains("attempt 2/4") && l.Contains(" ms"));
        Assert.Contains(log.Lines, l => l.StartsWith("DEBUG: ") && l.Contains("Authorization: [redacted]"));
        Assert.DoesNotContain(log.Lines, l => l.Contains(Server.ApiKey));
    }

    [Fact]
    public void Backoff_follows_the_sdk_rule_with_a_cap()
    {
        var policy = new RetryPolicy { Jitter = () => 1.0 };
        Assert.Equal(new[] { 0.5, 1, 2, 4, 8, 8 }, Enumerable.Range(0, 6).Select(n => policy.Backoff(n).TotalSeconds));

        var jittered = new RetryPolicy { Jitter = () => 0.75 };
        Assert.Equal(6, jittered.Backoff(4).TotalSeconds);
    }

    [Fact]
    public void Default_jitter_stays_between_three_quarters_and_one()
    {
        var policy = new RetryPolicy();
        for (var i = 0; i < 200; i++)
        {
            Assert.InRange(policy.Backoff(0).TotalSeconds, 0.375, 0.5);
        }
    }

    [Fact]
    public async Task An_answer_cut_off_mid_body_is_a_ConnectionFailed_error()
    {
        var http = new HttpClient(new CutOffHandler());
        var settings = new ClientSettings { ApiKey = ApiKey.From("sk-test-0123456789"), BaseUri = new Uri("http://127.0.0.1:9/v1") };

        var error = await Assert.ThrowsAsync<OpenAIException>(() => new UploadService(new OpenAIClient(settings, null, EmulatorClients.FastRetry().Policy, http))
            .CreateAsync(new CreateUploadRequest { Purpose = "batch", FileName = "f", Bytes = 1 }, default));

        Assert.Equal(ErrorIds.ConnectionFailed, error.ErrorId);
        Assert.Equal("req_cut", error.RequestId);
    }

    /// <summary>Answers 200 with a body that breaks after a few bytes.</summary>
    private sealed class CutOffHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StreamContent(new BreakingStream()) };
            response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            response.Headers.Add("x-request-id", "req_cut");
            return Task.FromResult(response);
        }
    }

    private sealed class BreakingStream : MemoryStream
    {
        private bool _served;

        public BreakingStream() : base("{\"id\":\"upl"u8.ToArray()) { }

        public override int Read(byte[] buffer, int offset, int count) => _served ? throw new IOException("connection reset") : Served(base.Read(buffer, offset, count));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var array = new byte[buffer.Length];
            var read = Read(array, 0, array.Length);
            array.AsSpan(0, read).CopyTo(buffer.Span);
            return ValueTask.FromResult(read);
        }

        private int Served(int read)
        {
            _served = true;
            return read;
        }
    }
}
