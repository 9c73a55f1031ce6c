using OpenAI.Emulator;
using OpenAI.PowerShell.Hosting;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;
using OpenAI.PowerShell.TestSupport;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Tests.Security;

/// <summary>
/// Runs the suite's scenarios (success, server errors, retries, client refusals) with a known key,
/// then scans every output, message, log line, exception and recorded request for it.
/// </summary>
public sealed class SecretLeakTests
{
    private const string Key = "sk-canary-0123456789abcdefSECRET";

    [Fact]
    public async Task The_key_never_appears_in_output_logs_errors_or_requests()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { ApiKey = Key });
        using var files = new TestFiles();
        var host = new RecordingHost();
        var bridge = new PipelineBridge(host);
        var texts = new List<string>();
        var settings = new ClientSettings { ApiKey = ApiKey.From(Key), BaseUri = server.BaseUri, MaxRetries = 2 };
        var retry = new RecordedRetry(2);
        var service = new Lazy<UploadService>(() => new UploadService(new OpenAIClient(settings, bridge, retry.Policy)));

        void Capture(Action action)
        {
            try
            {
                action();
            }
            catch (Exception ex)
            {
                texts.Add(ex.ToString());
                texts.Add(ex.Message);
            }
        }

        // Success path with verbose and debug logging.
        bridge.Run(h => new NewUploadOperation(service).CreateAsync(new CreateUploadRequest { Purpose = "batch", FileName = "a.jsonl", Bytes = 2_000 }, h));
        var upload = host.OutputOf<Upload>().Single();
        var path = files.Create("a.bin", 2_000);
        var add = new AddUploadPartOperation(service, upload.Id, upload, 1_000, false);
        server.Faults.Enqueue(new Fault { Kind = FaultKind.Status, Status = 500, PathContains = "/parts" });
        server.Faults.Enqueue(new Fault { Kind = FaultKind.AbortRequestMidBody, PathContains = "/parts", AbortAfterBytes = 100 });
        Capture(() => bridge.Run(h => add.AddFileAsync(path, h)));
        Capture(() => bridge.Run(h => new CompleteUploadOperation(service).CompleteAsync(upload.Id, upload, null, null, h)));

        // Server errors, refusals and a retry-after over the cap.
        Capture(() => bridge.Run(h => new StopUploadOperation(service).CancelAsync("upload_missing", h)));
        server.Faults.Enqueue(new Fault { Kind = FaultKind.Status, Status = 429, Headers = new Dictionary<string, string> { ["retry-after"] = "900" } });
        Capture(() => bridge.Run(h => new NewUploadOperation(service).CreateAsync(new CreateUploadRequest { Purpose = "batch", FileName = "b", Bytes = 1 }, h)));
        Capture(() => bridge.Run(h => new NewUploadOperation(service).CreateAsync(new CreateUploadRequest { Purpose = "batch", FileName = "c", Bytes = 0 }, h)));

        // A wrong key is refused; the refusal must not echo either key.
        var wrong = new OpenAIClient(new ClientSettings { ApiKey = ApiKey.From("sk-wrong-" + Key), BaseUri = server.BaseUri }, bridge);
        Capture(() => bridge.Run(h => new StopUploadOperation(new Lazy<UploadService>(() => new UploadService(wrong))).CancelAsync(upload.Id, h)));

        // Refusal to send over plain http elsewhere.
        Capture(() => new OpenAIClient(new ClientSettings { ApiKey = ApiKey.From(Key), BaseUri = new Uri("http://api.example.test/v1") }));

        texts.AddRange(host.AllText());
        texts.Add(settings.ToString()!);
        texts.Add(settings.ApiKey!.ToString());
        texts.Add(ContextInfo.From(settings).ToString());
        texts.AddRange(server.Requests.All.SelectMany(r => r.Headers.Values));

        Assert.NotEmpty(host.Verbose);
        Assert.NotEmpty(host.Debug);
        Assert.NotEmpty(host.Errors);
        Assert.Contains(texts, t => t.Contains("OpenAI.RetryAfterTooLong"));
        Assert.Contains(texts, t => t.Contains("[redacted]"));
        Assert.All(texts, t => Assert.DoesNotContain("canary-0123456789", t));
    }
}
