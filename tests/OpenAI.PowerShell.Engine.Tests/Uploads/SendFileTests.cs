using System.Diagnostics;
using OpenAI.Emulator;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;
using OpenAI.PowerShell.TestSupport;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Engine.Tests.Uploads;

/// <summary>Send-OAIFile's engine: parallel parts under faults, resume, cancellation and concurrency.</summary>
public sealed class SendFileTests : EmulatorTest
{
    private const int PartSize = 64 * 1024;

    static SendFileTests() => TestStateFolder.Use();

    private UploadService Service(HttpClient? http = null) =>
        new(new OpenAIClient(EmulatorClients.Settings(Server, maxRetries: 6), null, EmulatorClients.FastRetry(6).Policy, http));

    // The files are random bytes: their lines are not what these tests are about.
    private SendFileOptions Options(int throttle = 4, bool keep = false, bool resume = false) => new()
    {
        Purpose = "batch", PartSize = PartSize, ThrottleLimit = throttle, KeepOnFailure = keep, Resume = resume, SkipValidation = true,
    };

    /// <summary>What Send-OAIFile does with one file: prepare, then execute.</summary>
    private async Task<Sent> Send(string path, SendFileOptions options, UploadService? service = null, CancellationToken token = default)
    {
        var progress = new ListProgress();
        service ??= Service();
        try
        {
            var plan = await SendFilePlan.PrepareAsync(path, options, token);
            return new Sent(await plan.ExecuteAsync(service, progress, token), null, progress.Items);
        }
        catch (OpenAIException ex)
        {
            return new Sent(null, ex, progress.Items);
        }
    }

    private sealed record Sent(Upload? Upload, OpenAIException? Error, IReadOnlyList<TransferProgress> Progress);

    private sealed class ListProgress : IProgress<TransferProgress>
    {
        private readonly List<TransferProgress> _items = new();

        public IReadOnlyList<TransferProgress> Items
        {
            get { lock (_items) return _items.ToList(); }
        }

        public void Report(TransferProgress value)
        {
            lock (_items) _items.Add(value);
        }
    }

    private Upload AssertCompleted(Sent sent, string path)
    {
        Assert.Null(sent.Error);
        var upload = sent.Upload!;
        Assert.Equal("completed", upload.Status);
        Assert.Equal(TestFiles.Md5Hex(path), Server.State.GetFileMd5(upload.File!.Id));
        Assert.Equal(File.ReadAllBytes(path), Server.State.ReadFileContent(upload.File.Id));
        Assert.False(File.Exists(ResumeState.DefaultPathFor(path)), "the resume record is removed once complete");
        return upload;
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 0)]
    [InlineData(7, 1234)]
    public async Task Parallel_parts_under_faults_assemble_the_exact_source(int fullParts, int remainder)
    {
        var path = Files.Create($"f{fullParts}.jsonl", (long)fullParts * PartSize + remainder, seed: fullParts);
        // Every kind once for sure, then 10% of the rest at random.
        Server.Faults.Enqueue(Fault.Http(500, "/parts"));
        Server.Faults.Enqueue(new Fault { Kind = FaultKind.Status, Status = 429, PathContains = "/parts", Headers = new Dictionary<string, string> { ["retry-after-ms"] = "1" } });
        Server.Faults.Enqueue(new Fault { Kind = FaultKind.AbortRequestMidBody, PathContains = "/parts", AbortAfterBytes = 10_000 });
        Server.Faults.SetRandom(0.1, seed: 42,
            Fault.Http(500, "/parts"),
            new Fault { Kind = FaultKind.Status, Status = 429, PathContains = "/parts" },
            new Fault { Kind = FaultKind.AbortRequestMidBody, PathContains = "/parts", AbortAfterBytes = 5_000 });
        var sent = await Send(path, Options());

        AssertCompleted(sent, path);
        Assert.True(Server.Faults.Injected >= 3);
        var complete = Server.Requests.All.Single(r => r.Path.EndsWith("/complete") && r.Status == 200);
        Assert.Contains(TestFiles.Md5Hex(path), complete.JsonBody);
    }

    [Fact]
    public async Task Progress_reports_bytes_parts_rate_and_completion()
    {
        var path = Files.Create("p.bin", 5L * PartSize);
        var sent = await Send(path, Options(throttle: 2));

        AssertCompleted(sent, path);
        var transfer = sent.Progress.Where(p => p.Phase is null).ToList();
        Assert.Equal(100, transfer.Last().Percent);
        Assert.Contains("5/5 parts", transfer.Last().Describe());
        Assert.Matches(@" of \d+(\.\d+)? (B|KiB|MiB), 5/5 parts, \d+(\.\d+)? (B|KiB|MiB|GiB)/s$", transfer.Last().Describe());
        Assert.StartsWith("Completing", sent.Progress.Last().Phase);
    }

    [Fact]
    public async Task Resume_after_a_stop_at_part_k_sends_only_the_missing_parts()
    {
        var path = Files.Create("resume.jsonl", 6L * PartSize + 99);
        // Parts 1-3 go through; the 4th fails for good and the upload is kept.
        Server.Faults.Enqueue(Fault.Http(400, "/parts") with { SkipMatches = 3 });
        var first = await Send(path, Options(throttle: 1, keep: true));

        var error = Assert.IsType<UploadAbandonedException>(first.Error);
        Assert.Contains("3 of 7 parts done", error.Message);
        Assert.Equal(AbandonResult.Kept, error.Outcome.Result);
        Assert.Equal(ResumeState.DefaultPathFor(path), error.ResumeRecord);
        var store = new ResumeStore(ResumeState.DefaultPathFor(path));
        var state = store.Load();
        Assert.Equal(new[] { 1, 2, 3 }, state.Parts.Select(p => p.PartNumber).OrderBy(n => n));
        Assert.Equal("pending", Server.State.GetUpload(state.UploadId)!.Status);
        Assert.DoesNotContain(Server.ApiKey, File.ReadAllText(store.Path));

        Server.Requests.Clear();
        var second = await Send(path, Options(resume: true));

        var upload = AssertCompleted(second, path);
        Assert.Equal(state.UploadId, upload.Id);
        Assert.Equal(4, Server.Requests.Count("POST", "/parts"));
        Assert.DoesNotContain(Server.Requests.All, r => r.Path.EndsWith("/v1/uploads"));
        Assert.Contains(TestFiles.Md5Hex(path), Server.Requests.All.Single(r => r.Path.EndsWith("/complete")).JsonBody);
    }

    [Fact]
    public async Task A_changed_file_refuses_to_resume()
    {
        var path = Files.Create("changed.jsonl", 3L * PartSize);
        Server.Faults.Enqueue(Fault.Http(400, "/parts") with { SkipMatches = 1 });
        await Send(path, Options(throttle: 1, keep: true));
        File.AppendAllText(path, "more");
        Server.Requests.Clear();
        var sent = await Send(path, Options(resume: true));

        Assert.Equal(ErrorIds.ResumeFileChanged, sent.Error!.ErrorId);
        Assert.Empty(Server.Requests.All);
    }

    [Fact]
    public async Task An_expired_upload_refuses_to_resume()
    {
        var path = Files.Create("expired.jsonl", 3L * PartSize);
        Server.Clock.Set(DateTimeOffset.UtcNow.AddHours(-2));
        Server.Faults.Enqueue(Fault.Http(400, "/parts") with { SkipMatches = 1 });
        await Send(path, Options(throttle: 1, keep: true));
        Server.Requests.Clear();
        var sent = await Send(path, Options(resume: true));

        Assert.Equal(ErrorIds.UploadExpired, sent.Error!.ErrorId);
        Assert.Empty(Server.Requests.All);
    }

    [Fact]
    public async Task Resume_without_a_record_says_so()
    {
        var path = Files.Create("norecord.jsonl", 10);
        var sent = await Send(path, Options(resume: true));

        Assert.Equal(ErrorIds.ResumeStateNotFound, sent.Error!.ErrorId);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cancelling_mid_part_stops_every_request_and_cancels_or_keeps_the_upload(bool keep)
    {
        var path = Files.Create("cancel.bin", 4L * PartSize);
        Server.Shaping.BandwidthBytesPerSecond = 16 * 1024;
        var counter = new InFlightCounter();
        using var stop = new CancellationTokenSource();

        var task = Send(path, Options(keep: keep), Service(new HttpClient(counter)), stop.Token);
        await WaitUntil(() => counter.Started >= 4);
        var clock = Stopwatch.StartNew();
        stop.Cancel();
        var sent = await task;
        clock.Stop();
        var error = Assert.IsType<UploadAbandonedException>(sent.Error);
        Assert.True(error.WasStopped);
        Server.Shaping.BandwidthBytesPerSecond = null;

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"stopping took {clock.Elapsed}");
        Assert.Equal(0, counter.InFlight);
        var uploadId = Server.State.Uploads.Single().Id;
        Assert.Equal(keep ? "pending" : "cancelled", Server.State.GetUpload(uploadId)!.Status);
        // The record outlives a cancel whose answer missed the deadline after Ctrl+C; the outcome says whether it did.
        Assert.True(keep == File.Exists(ResumeState.DefaultPathFor(path)), $"abandon outcome: {error.Outcome.Result}; {error.Message}");
    }

    [Fact]
    public async Task A_hundred_concurrent_small_uploads_through_one_engine_all_complete()
    {
        var service = Service();
        var paths = Enumerable.Range(0, 100).Select(i => Files.Create($"small{i}.jsonl", 3_000 + i * 37, seed: i)).ToList();

        var results = await Task.WhenAll(paths.Select(p => Send(p, new SendFileOptions { Purpose = "batch", PartSize = 1_024, ThrottleLimit = 2, SkipValidation = true }, service)));

        for (var i = 0; i < paths.Count; i++)
        {
            AssertCompleted(results[i], paths[i]);
        }
    }

    [Fact]
    public async Task A_record_that_cannot_be_written_is_a_clear_error_and_no_upload_is_created()
    {
        var path = Files.Create("unwritable.jsonl", 100);
        var options = Options();
        var notAFolder = Files.Create("not-a-folder", 10);
        options.StatePath = Path.Combine(notAFolder, "record.json");   // under a file: no folder can be made

        var sent = await Send(path, options);

        Assert.Equal(ErrorIds.ResumeStateUnwritable, sent.Error!.ErrorId);
        Assert.Empty(Server.State.Uploads);
    }

    [Fact]
    public async Task Planning_sends_nothing_writes_no_record_and_counts_the_parts()
    {
        var path = Files.Create("whatif.jsonl", 100);

        // Preparing takes no client at all, so it cannot send.
        var plan = await SendFilePlan.PrepareAsync(path, Options(), default);

        Assert.Empty(Server.Requests.All);
        Assert.False(File.Exists(ResumeState.DefaultPathFor(path)));
        Assert.Equal((1, 1), (plan.TotalParts, plan.PartsToSend));
    }

    [Fact]
    public void Resume_records_live_in_the_state_folder_not_next_to_the_file()
    {
        var record = ResumeState.DefaultPathFor(Path.Combine(Files.Root, "data.jsonl"));

        Assert.StartsWith(ResumeState.StateFolder, record);
        Assert.NotEqual(ResumeState.DefaultPathFor(Path.Combine(Files.Root, "other", "data.jsonl")), record);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(10);
        }
    }

    /// <summary>Counts requests the client has started and not yet finished.</summary>
    private sealed class InFlightCounter : DelegatingHandler
    {
        private int _inFlight;
        private int _started;

        public InFlightCounter() : base(new SocketsHttpHandler()) { }

        public int InFlight => Volatile.Read(ref _inFlight);
        public int Started => Volatile.Read(ref _started);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/parts"))
            {
                Interlocked.Increment(ref _started);
            }
            Interlocked.Increment(ref _inFlight);
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                return response;
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }
}
