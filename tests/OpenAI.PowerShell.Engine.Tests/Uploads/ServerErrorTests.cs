using System.Net;
using OpenAI.Emulator;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;
using OpenAI.PowerShell.TestSupport;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Engine.Tests.Uploads;

/// <summary>Every refusal the server makes reaches the caller with its status, code, request id and ErrorId.</summary>
public sealed class ServerErrorTests : EmulatorTest
{
    protected override EmulatorOptions EmulatorOptions => new() { MaxPartBytes = 1024, MaxUploadBytes = 4096 };

    private UploadService Service(string? key = null) => new(EmulatorClients.Client(Server, key: key));

    private Task<Upload> CreateAsync(long bytes) =>
        Service().CreateAsync(new CreateUploadRequest { Purpose = "batch", FileName = "f.jsonl", Bytes = bytes }, default);

    private static PartSource Bytes(int count) => PartSource.FromBytes(new byte[count], 0, count);

    private static void AssertInvalidRequest(OpenAIException error)
    {
        Assert.Equal(ErrorIds.InvalidRequest, error.ErrorId);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("invalid_request_error", error.ErrorType);
        Assert.StartsWith("req_", error.RequestId);
        Assert.Equal(1, error.Attempts);
    }

    [Fact]
    public async Task Wrong_key_is_Unauthorized_and_not_retried()
    {
        var error = await Assert.ThrowsAsync<OpenAIException>(() =>
            Service("sk-wrong-key-000000").CreateAsync(new CreateUploadRequest { Purpose = "batch", FileName = "f", Bytes = 1 }, default));

        Assert.Equal(ErrorIds.Unauthorized, error.ErrorId);
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal(1, Server.Requests.Count("POST", "/uploads"));
    }

    [Fact]
    public async Task Part_over_the_server_limit_is_InvalidRequest()
    {
        var upload = await CreateAsync(4000);
        AssertInvalidRequest(await Assert.ThrowsAsync<OpenAIException>(() => Service().AddPartAsync(upload.Id, Bytes(1025), 1, 0, default)));
    }

    [Fact]
    public async Task Upload_over_the_server_total_is_InvalidRequest()
    {
        var error = await Assert.ThrowsAsync<OpenAIException>(() => CreateAsync(4097));
        AssertInvalidRequest(error);
        Assert.Equal("bytes", error.Param);
    }

    [Fact]
    public async Task Part_after_complete_is_InvalidRequest()
    {
        var upload = await CreateAsync(10);
        var part = await Service().AddPartAsync(upload.Id, Bytes(10), 1, 0, default);
        await Service().CompleteAsync(upload.Id, new[] { part.Id }, null, default);

        AssertInvalidRequest(await Assert.ThrowsAsync<OpenAIException>(() => Service().AddPartAsync(upload.Id, Bytes(1), 2, 10, default)));
    }

    [Fact]
    public async Task Part_after_cancel_is_InvalidRequest()
    {
        var upload = await CreateAsync(10);
        await Service().CancelAsync(upload.Id, default);

        AssertInvalidRequest(await Assert.ThrowsAsync<OpenAIException>(() => Service().AddPartAsync(upload.Id, Bytes(1), 1, 0, default)));
    }

    [Fact]
    public async Task Unknown_part_id_is_InvalidRequest()
    {
        var upload = await CreateAsync(10);
        await Service().AddPartAsync(upload.Id, Bytes(10), 1, 0, default);

        var error = await Assert.ThrowsAsync<OpenAIException>(() => Service().CompleteAsync(upload.Id, new[] { "part_doesnotexist" }, null, default));
        AssertInvalidRequest(error);
        Assert.Equal("part_ids", error.Param);
    }

    [Fact]
    public async Task Byte_count_mismatch_at_complete_is_InvalidRequest()
    {
        var upload = await CreateAsync(10);
        var part = await Service().AddPartAsync(upload.Id, Bytes(4), 1, 0, default);

        AssertInvalidRequest(await Assert.ThrowsAsync<OpenAIException>(() => Service().CompleteAsync(upload.Id, new[] { part.Id }, null, default)));
    }

    [Fact]
    public async Task Md5_mismatch_is_InvalidRequest()
    {
        var upload = await CreateAsync(10);
        var part = await Service().AddPartAsync(upload.Id, Bytes(10), 1, 0, default);

        var error = await Assert.ThrowsAsync<OpenAIException>(() => Service().CompleteAsync(upload.Id, new[] { part.Id }, new string('0', 32), default));
        AssertInvalidRequest(error);
        Assert.Equal("md5_mismatch", error.ErrorCode);
    }

    [Fact]
    public async Task Use_after_expiry_is_InvalidRequest()
    {
        var upload = await CreateAsync(10);
        Server.Clock.Advance(TimeSpan.FromHours(2));

        AssertInvalidRequest(await Assert.ThrowsAsync<OpenAIException>(() => Service().AddPartAsync(upload.Id, Bytes(10), 1, 0, default)));
        Assert.Equal("expired", Server.State.GetUpload(upload.Id)!.Status);
    }

    [Fact]
    public async Task Unknown_upload_is_NotFound()
    {
        var error = await Assert.ThrowsAsync<OpenAIException>(() => Service().CancelAsync("upload_nope", default));

        Assert.Equal(ErrorIds.NotFound, error.ErrorId);
    }
}
