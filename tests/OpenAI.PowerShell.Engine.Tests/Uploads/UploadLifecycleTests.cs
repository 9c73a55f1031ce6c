using OpenAI.Emulator;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;
using OpenAI.PowerShell.TestSupport;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Engine.Tests.Uploads;

public sealed class UploadLifecycleTests : EmulatorTest
{
    private UploadService Service() => new(EmulatorClients.Client(Server));

    private async Task<Upload> CreateAsync(long bytes, string name = "data.jsonl") =>
        await Service().CreateAsync(new CreateUploadRequest { Purpose = "batch", FileName = name, Bytes = bytes }, default);

    [Fact]
    public async Task Create_sends_name_size_purpose_and_inferred_mime_type()
    {
        var upload = await CreateAsync(1234);

        Assert.StartsWith("upload_", upload.Id);
        Assert.Equal("pending", upload.Status);
        Assert.Equal(1234, upload.Bytes);
        Assert.Equal("data.jsonl", upload.FileName);
        Assert.True(upload.ExpiresAt > upload.CreatedAt);
        Assert.Equal("text/jsonl", Server.State.GetUpload(upload.Id)!.MimeType);
    }

    [Fact]
    public async Task Create_sends_expires_after()
    {
        var upload = await Service().CreateAsync(new CreateUploadRequest { Purpose = "batch", FileName = "a.txt", Bytes = 10, ExpiresAfter = TimeSpan.FromHours(5) }, default);

        Assert.Equal(TimeSpan.FromHours(5), upload.ExpiresAt - upload.CreatedAt);
    }

    [Theory]
    [InlineData(0, ErrorIds.EmptyFile)]
    [InlineData(-1, ErrorIds.EmptyFile)]
    [InlineData(UploadLimits.MaxUploadBytes + 1, ErrorIds.UploadTooLarge)]
    public async Task Create_refuses_bad_sizes_before_sending(long bytes, string errorId)
    {
        var error = await Assert.ThrowsAsync<OpenAIException>(() => CreateAsync(bytes));

        Assert.Equal(errorId, error.ErrorId);
        Assert.Equal(0, Server.Requests.Count("POST", "/uploads"));
    }

    [Fact]
    public async Task Create_refuses_an_expiry_outside_the_api_range()
    {
        var error = await Assert.ThrowsAsync<OpenAIException>(() => Service().CreateAsync(
            new CreateUploadRequest { Purpose = "batch", FileName = "a.txt", Bytes = 1, ExpiresAfter = TimeSpan.FromMinutes(5) }, default));

        Assert.Equal(ErrorIds.InvalidExpiry, error.ErrorId);
        Assert.Empty(Server.Requests.All);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3 * 1024 * 1024 + 17, 1024 * 1024)]
    [InlineData(5000, 5000)]
    public async Task Assembled_file_has_the_source_md5(long length, int partSize)
    {
        var path = Files.Create("source.bin", length);
        var upload = await CreateAsync(length);
        var service = Service();
        var ids = new List<string>();
        var number = 1;
        for (long offset = 0; offset < length; offset += partSize)
        {
            var size = Math.Min(partSize, length - offset);
            var part = await service.AddPartAsync(upload.Id, PartSource.FromFile(path, offset, size), number++, offset, default);
            Assert.Equal(size, part.Length);
            Assert.Equal(offset, part.Offset);
            ids.Add(part.Id);
        }

        var completed = await service.CompleteAsync(upload.Id, ids, TestFiles.Md5Hex(path), default);

        Assert.Equal("completed", completed.Status);
        Assert.NotNull(completed.File);
        Assert.Equal(length, completed.File!.Bytes);
        Assert.Equal(TestFiles.Md5Hex(path), Server.State.GetFileMd5(completed.File.Id));
        Assert.Equal(File.ReadAllBytes(path), Server.State.ReadFileContent(completed.File.Id));
    }

    [Fact]
    public async Task Complete_orders_parts_as_listed()
    {
        var upload = await CreateAsync(6);
        var service = Service();
        var first = await service.AddPartAsync(upload.Id, PartSource.FromBytes("abc"u8.ToArray(), 0, 3), 1, 0, default);
        var second = await service.AddPartAsync(upload.Id, PartSource.FromBytes("def"u8.ToArray(), 0, 3), 2, 3, default);

        var completed = await service.CompleteAsync(upload.Id, new[] { second.Id, first.Id }, null, default);

        Assert.Equal("defabc"u8.ToArray(), Server.State.ReadFileContent(completed.File!.Id));
    }

    [Fact]
    public async Task Cancel_returns_the_cancelled_upload()
    {
        var upload = await CreateAsync(10);

        var cancelled = await Service().CancelAsync(upload.Id, default);

        Assert.Equal("cancelled", cancelled.Status);
        Assert.Equal("cancelled", Server.State.GetUpload(upload.Id)!.Status);
    }

    [Fact]
    public async Task Complete_with_no_parts_is_refused_before_sending()
    {
        var upload = await CreateAsync(10);
        Server.Requests.Clear();

        var error = await Assert.ThrowsAsync<OpenAIException>(() => Service().CompleteAsync(upload.Id, Array.Empty<string>(), null, default));

        Assert.Equal(ErrorIds.NoParts, error.ErrorId);
        Assert.Empty(Server.Requests.All);
    }

    [Fact]
    public async Task Part_over_64_MiB_is_refused_before_sending()
    {
        var upload = await CreateAsync(100);
        Server.Requests.Clear();

        var error = await Assert.ThrowsAsync<OpenAIException>(() =>
            Service().AddPartAsync(upload.Id, new FakeLengthSource(UploadLimits.MaxPartBytes + 1), 1, 0, default));

        Assert.Equal(ErrorIds.PartTooLarge, error.ErrorId);
        Assert.Empty(Server.Requests.All);
    }

    [Fact]
    public async Task A_part_whose_file_cannot_be_read_is_FileReadFailed_and_not_retried()
    {
        var upload = await CreateAsync(100);
        var retry = EmulatorClients.FastRetry();
        Server.Requests.Clear();

        var error = await Assert.ThrowsAsync<OpenAIException>(() => new UploadService(EmulatorClients.Client(Server, retry))
            .AddPartAsync(upload.Id, PartSource.FromFile(Path.Combine(Files.Root, "gone.bin"), 0, 100), 1, 0, default));

        Assert.Equal(ErrorIds.FileReadFailed, error.ErrorId);
        Assert.Empty(retry.Waits);
        Assert.Empty(Server.Requests.All);
    }

    private sealed class FakeLengthSource : PartSource
    {
        public FakeLengthSource(long length) => Length = length;
        public override long Length { get; }
        public override Stream OpenRead() => throw new InvalidOperationException("must not be read");
    }
}
