extern alias OfficialSdk;

// The SDK marks its Uploads protocol methods experimental; driving them is the point of this file.
#pragma warning disable OPENAI001

using System.ClientModel;
using System.Security.Cryptography;
using OfficialSdk::OpenAI.Files;
using OpenAI.Emulator;
using OpenAI.PowerShell.TestSupport;
using static OpenAI.PowerShell.Engine.Tests.Emulator.EmulatorTestClient;

namespace OpenAI.PowerShell.Engine.Tests.Conformance;

/// <summary>
/// The Uploads flow as the official .NET SDK sends it. The SDK offers Uploads only as protocol
/// methods on OpenAIFileClient (the caller builds the body), so these tests build the bodies the
/// way the SDK's own multipart helper does: file parts with a file name and no Content-Type.
/// </summary>
public sealed class OfficialSdkUploadTests : EmulatorTest
{
    private OpenAIFileClient FileClient() => SdkClients.Client(Server).GetOpenAIFileClient();

    private static BinaryContent JsonBody(object body) => BinaryContent.Create(BinaryData.FromObjectAsJson(body));

    private async Task<string> CreateAsync(OpenAIFileClient files, long bytes)
    {
        var created = SdkClients.Json(await files.CreateUploadAsync(
            JsonBody(new { purpose = "batch", filename = "data.jsonl", bytes, mime_type = "text/jsonl" })));
        Assert.Equal("pending", created.GetProperty("status").GetString());
        return created.GetProperty("id").GetString()!;
    }

    private static async Task<string> AddPartAsync(OpenAIFileClient files, string uploadId, byte[] data)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(data), "data", "part.bin");   // no Content-Type, as the SDK sends files
        var body = BinaryData.FromBytes(await form.ReadAsByteArrayAsync());
        var part = SdkClients.Json(await files.AddUploadPartAsync(
            uploadId, BinaryContent.Create(body), form.Headers.ContentType!.ToString()));
        Assert.Equal(uploadId, part.GetProperty("upload_id").GetString());
        return part.GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task Create_add_parts_and_complete_with_md5_assemble_the_source_bytes()
    {
        var files = FileClient();
        var source = RandomBytes(300_000, seed: 17);
        var uploadId = await CreateAsync(files, source.Length);

        // Added out of order on purpose: complete's part_ids decide the order.
        var second = await AddPartAsync(files, uploadId, source[100_000..]);
        var first = await AddPartAsync(files, uploadId, source[..100_000]);
        var md5 = Convert.ToHexStringLower(MD5.HashData(source));
        var completed = SdkClients.Json(await files.CompleteUploadAsync(
            uploadId, JsonBody(new { part_ids = new[] { first, second }, md5 })));

        Assert.Equal("completed", completed.GetProperty("status").GetString());
        var fileId = completed.GetProperty("file").GetProperty("id").GetString()!;
        Assert.Equal(source, Server.State.ReadFileContent(fileId));
        Assert.Equal(md5, Server.State.GetFileMd5(fileId));
        var partBodies = Server.Requests.All.Where(r => r.Path.EndsWith("/parts", StringComparison.Ordinal))
            .Select(r => r.FormParts.Single());
        Assert.All(partBodies, p => Assert.Equal(("data", "part.bin", (string?)null), (p.Name, p.FileName, p.ContentType)));
    }

    [Fact]
    public async Task Complete_with_a_wrong_md5_is_refused_through_the_sdk()
    {
        var files = FileClient();
        var source = RandomBytes(1000, seed: 3);
        var uploadId = await CreateAsync(files, source.Length);
        var part = await AddPartAsync(files, uploadId, source);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => files.CompleteUploadAsync(
            uploadId, JsonBody(new { part_ids = new[] { part }, md5 = new string('0', 32) })));

        Assert.Equal(400, error.Status);
        Assert.Equal("pending", Server.State.GetUpload(uploadId)!.Status);
    }

    [Fact]
    public async Task Cancel_after_a_part_cancels_and_refuses_further_parts()
    {
        var files = FileClient();
        var uploadId = await CreateAsync(files, 2000);
        await AddPartAsync(files, uploadId, RandomBytes(1000, seed: 5));

        var cancelled = SdkClients.Json(await files.CancelUploadAsync(uploadId));

        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal("cancelled", Server.State.GetUpload(uploadId)!.Status);
        var late = await Assert.ThrowsAsync<ClientResultException>(() => AddPartAsync(files, uploadId, RandomBytes(1000, seed: 6)));
        Assert.Equal(400, late.Status);
    }
}
