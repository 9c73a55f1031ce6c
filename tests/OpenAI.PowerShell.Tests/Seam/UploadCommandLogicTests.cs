using OpenAI.Emulator;
using OpenAI.PowerShell.Hosting;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;
using OpenAI.PowerShell.TestSupport;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Tests.Seam;

/// <summary>
/// The cmdlets' logic driven through the seam, as the cmdlets drive it: one bridge per command,
/// one Run per pipeline record, a recording host in place of PowerShell.
/// </summary>
public sealed class UploadCommandLogicTests : IAsyncLifetime
{
    private EmulatorServer _server = null!;
    private readonly TestFiles _files = new();

    public async Task InitializeAsync() => _server = await EmulatorServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _files.Dispose();
    }

    private Lazy<UploadService> Service(RecordedRetry? retry = null) => new(() => new UploadService(EmulatorClients.Client(_server, retry)));

    private static void Run(PipelineBridge bridge, Func<ICommandHost, Task> work) => bridge.Run(work);

    private Upload NewUpload(long bytes, RecordingHost? host = null)
    {
        host ??= new RecordingHost();
        var operation = new NewUploadOperation(Service());
        new PipelineBridge(host).Run(h => operation.CreateAsync(new CreateUploadRequest { Purpose = "batch", FileName = "data.jsonl", Bytes = bytes }, h));
        return host.OutputOf<Upload>().Single();
    }

    [Fact]
    public void Piped_chunks_are_one_stream_recut_at_PartSize_and_complete_with_md5()
    {
        var data = new byte[10_500];
        new Random(7).NextBytes(data);
        var upload = NewUpload(data.Length);
        var host = new RecordingHost();
        var bridge = new PipelineBridge(host);
        var add = new AddUploadPartOperation(Service(), upload.Id, upload, partSize: 4000, keepOnFailure: false);

        // Chunks of uneven sizes, as Get-Content -ReadCount would deliver them.
        var offset = 0;
        foreach (var size in new[] { 1500, 3000, 10, 4990, 1000 })
        {
            var chunk = data.Skip(offset).Take(size).ToArray();
            offset += size;
            Run(bridge, h => add.AddChunkAsync(chunk, h));
        }
        Run(bridge, add.FlushAsync);

        var parts = host.OutputOf<UploadPart>().ToList();
        Assert.Equal(new long[] { 4000, 4000, 2500 }, parts.Select(p => p.Length));
        Assert.Equal(new long[] { 0, 4000, 8000 }, parts.Select(p => p.Offset));
        Assert.Equal(new[] { 1, 2, 3 }, parts.Select(p => p.PartNumber));
        Assert.All(parts, p => Assert.Equal(upload.Id, p.UploadId));

        var completeHost = new RecordingHost();
        var complete = new CompleteUploadOperation(Service());
        complete.CollectParts(parts);
        new PipelineBridge(completeHost).Run(h => complete.CompleteCollectedAsync(null, h));

        var done = completeHost.OutputOf<Upload>().Single();
        Assert.Equal(data, _server.State.ReadFileContent(done.File!.Id));
        var completeRequest = _server.Requests.All.Single(r => r.Path.EndsWith("/complete"));
        Assert.Contains(TestFiles.Md5Hex(data), completeRequest.JsonBody);
    }

    [Fact]
    public void Part_numbers_keep_counting_across_calls_for_one_upload()
    {
        var upload = NewUpload(30);
        var first = new RecordingHost();
        var second = new RecordingHost();

        var a = new AddUploadPartOperation(Service(), upload.Id, null, 64, false);
        new PipelineBridge(first).Run(h => a.AddDataAsync(new byte[10], h));
        new PipelineBridge(first).Run(h => a.AddDataAsync(new byte[10], h));
        var b = new AddUploadPartOperation(Service(), upload.Id, null, 64, false);
        new PipelineBridge(second).Run(h => b.AddDataAsync(new byte[10], h));

        Assert.Equal(new[] { 1, 2 }, first.OutputOf<UploadPart>().Select(p => p.PartNumber));
        var third = second.OutputOf<UploadPart>().Single();
        Assert.Equal(3, third.PartNumber);
        Assert.Equal(20, third.Offset);
    }

    [Fact]
    public void Complete_orders_piped_parts_by_PartNumber_whatever_order_they_arrive_in()
    {
        var upload = NewUpload(9);
        var host = new RecordingHost();
        var add = new AddUploadPartOperation(Service(), upload.Id, upload, 3, false);
        new PipelineBridge(host).Run(h => add.AddDataAsync("abc"u8.ToArray(), h));
        new PipelineBridge(host).Run(h => add.AddDataAsync("def"u8.ToArray(), h));
        new PipelineBridge(host).Run(h => add.AddDataAsync("ghi"u8.ToArray(), h));
        var shuffled = host.OutputOf<UploadPart>().Reverse().ToList();

        var complete = new CompleteUploadOperation(Service());
        var completeHost = new RecordingHost();
        foreach (var part in shuffled)
        {
            complete.CollectParts(new[] { part });
        }
        new PipelineBridge(completeHost).Run(h => complete.CompleteCollectedAsync(null, h));

        Assert.Equal("abcdefghi"u8.ToArray(), _server.State.ReadFileContent(completeHost.OutputOf<Upload>().Single().File!.Id));
    }

    [Fact]
    public void Complete_with_only_the_upload_uses_the_parts_this_session_added()
    {
        var upload = NewUpload(6);
        var add = new AddUploadPartOperation(Service(), upload.Id, upload, 3, false);
        new PipelineBridge(new RecordingHost()).Run(h => add.AddChunkAsync("uvwxyz"u8.ToArray(), h));

        var host = new RecordingHost();
        new PipelineBridge(host).Run(h => new CompleteUploadOperation(Service()).CompleteAsync(upload.Id, upload, null, null, h));

        var done = host.OutputOf<Upload>().Single();
        Assert.Equal("completed", done.Status);
        Assert.Equal("uvwxyz"u8.ToArray(), _server.State.ReadFileContent(done.File!.Id));
    }

    [Fact]
    public void Complete_with_PartId_keeps_the_given_order()
    {
        var upload = NewUpload(6);
        var host = new RecordingHost();
        var add = new AddUploadPartOperation(Service(), upload.Id, upload, 3, false);
        new PipelineBridge(host).Run(h => add.AddChunkAsync("abcdef"u8.ToArray(), h));
        var ids = host.OutputOf<UploadPart>().Select(p => p.Id).Reverse().ToList();

        var completeHost = new RecordingHost();
        new PipelineBridge(completeHost).Run(h => new CompleteUploadOperation(Service()).CompleteAsync(upload.Id, null, ids, null, h));

        var done = completeHost.OutputOf<Upload>().Single();
        Assert.Equal("defabc"u8.ToArray(), _server.State.ReadFileContent(done.File!.Id));
        Assert.DoesNotContain("md5", _server.Requests.All.Single(r => r.Path.EndsWith("/complete")).JsonBody);
    }

    [Fact]
    public void Complete_refuses_a_total_that_differs_from_the_declared_bytes_before_sending()
    {
        var upload = NewUpload(10);
        var host = new RecordingHost();
        var add = new AddUploadPartOperation(Service(), upload.Id, upload, 64, false);
        new PipelineBridge(host).Run(h => add.AddDataAsync(new byte[4], h));
        _server.Requests.Clear();

        var completeHost = new RecordingHost();
        new PipelineBridge(completeHost).Run(h => new CompleteUploadOperation(Service()).CompleteAsync(upload.Id, upload, null, null, h));

        Assert.Equal(ErrorIds.BytesMismatch, completeHost.Errors.Single().ErrorId);
        Assert.Empty(_server.Requests.All);
    }

    [Fact]
    public void Adding_more_than_declared_fails_before_sending()
    {
        var upload = NewUpload(5);
        _server.Requests.Clear();
        var add = new AddUploadPartOperation(Service(), upload.Id, upload, 64, false);

        var error = Assert.Throws<OpenAIException>(() => new PipelineBridge(new RecordingHost()).Run(h => add.AddDataAsync(new byte[6], h)));

        Assert.Equal(ErrorIds.BytesExceedDeclared, error.ErrorId);
        Assert.Empty(_server.Requests.All);
    }

    [Fact]
    public void Adding_a_file_larger_than_declared_fails_before_sending()
    {
        var upload = NewUpload(5);
        var path = _files.Create("big.bin", 6);
        _server.Requests.Clear();
        var add = new AddUploadPartOperation(Service(), upload.Id, upload, 64, false);

        var error = Assert.Throws<OpenAIException>(() => new PipelineBridge(new RecordingHost()).Run(h => add.AddFileAsync(path, h)));

        Assert.Equal(ErrorIds.BytesExceedDeclared, error.ErrorId);
        Assert.Empty(_server.Requests.All);
    }

    [Fact]
    public void A_file_is_streamed_in_parts_and_its_md5_is_sent_at_complete()
    {
        var path = _files.Create("file.bin", 10_000);
        var upload = NewUpload(10_000);
        var host = new RecordingHost();
        var add = new AddUploadPartOperation(Service(), upload.Id, upload, 3_000, false);
        new PipelineBridge(host).Run(h => add.AddFileAsync(path, h));
        // Parts run in parallel and finish in any order; their numbers and ranges are fixed up front.
        var parts = host.OutputOf<UploadPart>().OrderBy(p => p.PartNumber).ToList();
        Assert.Equal(new long[] { 3000, 3000, 3000, 1000 }, parts.Select(p => p.Length));
        Assert.Equal(new long[] { 0, 3000, 6000, 9000 }, parts.Select(p => p.Offset));

        var completeHost = new RecordingHost();
        new PipelineBridge(completeHost).Run(h => new CompleteUploadOperation(Service()).CompleteAsync(upload.Id, null, null, null, h));

        Assert.Contains(TestFiles.Md5Hex(path), _server.Requests.All.Single(r => r.Path.EndsWith("/complete")).JsonBody);
        Assert.Equal(TestFiles.Md5Hex(path), _server.State.GetFileMd5(completeHost.OutputOf<Upload>().Single().File!.Id));
    }

    [Fact]
    public void ShouldProcess_refusal_sends_no_request_for_any_upload_command()
    {
        var upload = NewUpload(10);
        _server.Requests.Clear();
        var host = new RecordingHost { ShouldProcessAnswer = false };
        var bridge = new PipelineBridge(host);

        bridge.Run(h => new NewUploadOperation(Service()).CreateAsync(new CreateUploadRequest { Purpose = "batch", FileName = "x.jsonl", Bytes = 5 }, h));
        var add = new AddUploadPartOperation(Service(), upload.Id, upload, 64, false);
        bridge.Run(h => add.AddDataAsync(new byte[10], h));
        bridge.Run(h => new CompleteUploadOperation(Service()).CompleteAsync(upload.Id, upload, new[] { "part_x" }, null, h));
        bridge.Run(h => new StopUploadOperation(Service()).CancelAsync(upload.Id, h));

        Assert.Empty(_server.Requests.All);
        Assert.Empty(host.Output);
        Assert.Equal(4, host.ShouldProcessCalls.Count);
        Assert.Contains(host.ShouldProcessCalls, c => c.Target == "x.jsonl" && c.Action.Contains("5 bytes"));
        Assert.Contains(host.ShouldProcessCalls, c => c.Target == upload.Id && c.Action.StartsWith("Cancel"));
    }

    [Fact]
    public void Refused_part_does_not_use_up_a_part_number()
    {
        var upload = NewUpload(10);
        var add = new AddUploadPartOperation(Service(), upload.Id, upload, 64, false);
        new PipelineBridge(new RecordingHost { ShouldProcessAnswer = false }).Run(h => add.AddDataAsync(new byte[10], h));

        var host = new RecordingHost();
        new PipelineBridge(host).Run(h => add.AddDataAsync(new byte[10], h));

        var part = host.OutputOf<UploadPart>().Single();
        Assert.Equal(1, part.PartNumber);
        Assert.Equal(0, part.Offset);
    }

    [Fact]
    public void A_part_that_fails_for_good_cancels_the_upload()
    {
        var upload = NewUpload(10);
        _server.Faults.Enqueue(new Fault { Kind = FaultKind.Status, Status = 400, PathContains = "/parts" });
        var host = new RecordingHost();
        var add = new AddUploadPartOperation(Service(), upload.Id, upload, 64, false);

        var error = Assert.Throws<OpenAIException>(() => new PipelineBridge(host).Run(h => add.AddDataAsync(new byte[10], h)));

        Assert.Equal(ErrorIds.InvalidRequest, error.ErrorId);
        Assert.Equal("cancelled", _server.State.GetUpload(upload.Id)!.Status);
        Assert.Contains(host.Warnings, w => w.Contains("cancelled") && w.Contains("-KeepOnFailure"));
    }

    [Fact]
    public void KeepOnFailure_leaves_the_upload_pending()
    {
        var upload = NewUpload(10);
        _server.Faults.Enqueue(new Fault { Kind = FaultKind.Status, Status = 400, PathContains = "/parts" });
        var host = new RecordingHost();
        var add = new AddUploadPartOperation(Service(), upload.Id, upload, 64, keepOnFailure: true);

        Assert.Throws<OpenAIException>(() => new PipelineBridge(host).Run(h => add.AddDataAsync(new byte[10], h)));

        Assert.Equal("pending", _server.State.GetUpload(upload.Id)!.Status);
        Assert.Contains(host.Warnings, w => w.Contains("kept"));
    }

    [Fact]
    public void Stop_cancels_and_returns_the_cancelled_upload_and_reports_unknown_ids_as_errors()
    {
        var upload = NewUpload(10);
        var host = new RecordingHost();
        var bridge = new PipelineBridge(host);
        var stop = new StopUploadOperation(Service());

        bridge.Run(h => stop.CancelAsync(upload.Id, h));
        bridge.Run(h => stop.CancelAsync("upload_unknown", h));

        Assert.Equal("cancelled", host.OutputOf<Upload>().Single().Status);
        Assert.Equal(ErrorIds.NotFound, host.Errors.Single().ErrorId);
    }

    [Fact]
    public void Every_host_call_happens_on_the_pipeline_thread()
    {
        var path = _files.Create("threads.bin", 9_000);
        var host = new RecordingHost();
        var upload = NewUpload(9_000, host);
        var log = new PipelineBridge(host);
        var add = new AddUploadPartOperation(new Lazy<UploadService>(() => new UploadService(new OpenAIClient(EmulatorClients.Settings(_server), log))), upload.Id, upload, 1_000, false);

        log.Run(h => add.AddFileAsync(path, h));

        Assert.Equal(9, host.OutputOf<UploadPart>().Count());
        Assert.NotEmpty(host.Verbose);
        Assert.Equal(new[] { Environment.CurrentManagedThreadId }, host.ThreadIds);
    }
}
