using System.Net;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Images;
using OpenAI.PowerShell.Model;
using OpenAI.PowerShell.TestSupport;

namespace OpenAI.PowerShell.Engine.Tests.Images;

public sealed class ImageSaverTests : IDisposable
{
    private static readonly byte[] Image = TestImages.Png(16, 16);
    private readonly TestFiles _dir = new();

    private static EditedImage Inline(int index = 0, string? format = null) =>
        new() { Index = index, Data = Image, ByteLength = Image.Length, OutputFormat = format };

    private static ImageSaver Saver(Func<RecordedRequest, int, HttpResponseMessage> respond, out RecordingHandler handler)
    {
        handler = new RecordingHandler(respond);
        return new ImageSaver(new HttpClient(handler));
    }

    private static ImageSaver OfflineSaver() => new(new HttpClient(new NoSendHandler()));

    [Fact]
    public async Task Existing_file_is_not_overwritten_without_force()
    {
        var target = _dir.Write("out.png", new byte[] { 1, 2, 3 });

        var error = await Assert.ThrowsAsync<OpenAIException>(() => OfflineSaver().SaveAsync(Inline(), target, force: false, CancellationToken.None));

        Assert.Equal(ErrorIds.OutputExists, error.ErrorId);
        Assert.Equal(target, error.Target);
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(target));
        Assert.Equal(new[] { "out.png" }, _dir.Names());
    }

    [Fact]
    public async Task Force_overwrites()
    {
        var target = _dir.Write("out.png", new byte[] { 1, 2, 3 });
        var image = Inline();

        var path = await OfflineSaver().SaveAsync(image, target, force: true, CancellationToken.None);

        Assert.Equal(target, path);
        Assert.Equal(target, image.Path);
        Assert.Equal(Image, File.ReadAllBytes(target));
        Assert.Equal(new[] { "out.png" }, _dir.Names());
    }

    [Fact]
    public async Task One_existing_target_stops_the_whole_directory_save()
    {
        _dir.Write("cat-1.png", new byte[] { 9 });
        var images = new[] { Inline(0), Inline(1), Inline(2) };

        var error = await Assert.ThrowsAsync<OpenAIException>(() =>
            OfflineSaver().SaveToDirectoryAsync(images, _dir.Root, "cat", force: false, CancellationToken.None));

        Assert.Equal(ErrorIds.OutputExists, error.ErrorId);
        Assert.Equal(new[] { "cat-1.png" }, _dir.Names());
        Assert.Equal(new byte[] { 9 }, File.ReadAllBytes(_dir.Combine("cat-1.png")));
        Assert.All(images, i => Assert.Null(i.Path));
    }

    [Fact]
    public async Task Directory_save_names_by_stem_index_and_format()
    {
        var images = new[] { Inline(0, "jpeg"), Inline(1, "webp"), Inline(2) };

        var paths = await OfflineSaver().SaveToDirectoryAsync(images, _dir.Combine("new"), "cat", force: false, CancellationToken.None);

        Assert.Equal(new[] { "cat-0.jpg", "cat-1.webp", "cat-2.png" }, paths.Select(Path.GetFileName));
        Assert.All(paths, p => Assert.Equal(Image, File.ReadAllBytes(p)));
    }

    [Fact]
    public async Task Url_is_downloaded_without_the_api_key()
    {
        var saver = Saver((_, _) => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Image) }, out var handler);
        var target = _dir.Combine("dl.png");

        await saver.SaveAsync(new EditedImage { Url = "https://files.example/img.png?sig=1" }, target, false, CancellationToken.None);

        Assert.Equal(Image, File.ReadAllBytes(target));
        var request = Assert.Single(handler.Requests);
        Assert.Equal("https://files.example/img.png?sig=1", request.Uri.ToString());
        Assert.Null(request.Authorization);
    }

    [Fact]
    public async Task Download_cut_mid_body_leaves_no_file()
    {
        var big = new byte[300_000];
        new Random(1).NextBytes(big);
        var saver = Saver((_, _) => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new FailingStream(big, failAfter: 100_000)),
        }, out _);

        var error = await Assert.ThrowsAsync<OpenAIException>(() =>
            saver.SaveAsync(new EditedImage { Url = "https://files.example/img.png" }, _dir.Combine("dl.png"), false, CancellationToken.None));

        Assert.Equal(ErrorIds.DownloadFailed, error.ErrorId);
        Assert.Empty(_dir.Names());
    }

    [Fact]
    public async Task Download_shorter_than_its_content_length_leaves_no_file()
    {
        var saver = Saver((_, _) =>
        {
            var content = new ByteArrayContent(Image);
            content.Headers.ContentLength = Image.Length + 10;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        }, out _);

        var error = await Assert.ThrowsAsync<OpenAIException>(() =>
            saver.SaveAsync(new EditedImage { Url = "https://files.example/img.png" }, _dir.Combine("dl.png"), false, CancellationToken.None));

        Assert.Equal(ErrorIds.DownloadFailed, error.ErrorId);
        Assert.Empty(_dir.Names());
    }

    [Fact]
    public async Task Failed_download_of_the_second_image_writes_none()
    {
        var saver = Saver((r, _) => r.Uri.AbsolutePath.EndsWith("/1.png", StringComparison.Ordinal)
            ? new HttpResponseMessage(HttpStatusCode.Forbidden)
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Image) }, out _);
        var images = new[] { new EditedImage { Index = 0, Url = "https://f.example/0.png" }, new EditedImage { Index = 1, Url = "https://f.example/1.png" } };

        var error = await Assert.ThrowsAsync<OpenAIException>(() => saver.SaveToDirectoryAsync(images, _dir.Root, "x", false, CancellationToken.None));

        Assert.Equal(ErrorIds.DownloadFailed, error.ErrorId);
        Assert.Contains("403", error.Message);
        Assert.Empty(_dir.Names());
    }

    [Fact]
    public async Task Cancelled_download_leaves_no_file()
    {
        using var cts = new CancellationTokenSource();
        var saver = Saver((_, _) => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new CallbackStream(new byte[200_000], afterFirstRead: cts.Cancel)),
        }, out _);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            saver.SaveAsync(new EditedImage { Url = "https://files.example/img.png" }, _dir.Combine("dl.png"), false, cts.Token));

        Assert.Empty(_dir.Names());
    }

    [Fact]
    public async Task Target_appears_only_when_complete()
    {
        var target = _dir.Combine("dl.png");
        var seenMidway = new List<string[]>();
        // An image's first bytes; only an image is saved as one.
        var body = new byte[200_000];
        TestImages.Png(4, 4).CopyTo(body, 0);
        var saver = Saver((_, _) => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new CallbackStream(body, afterFirstRead: () => seenMidway.Add(_dir.Names()))),
        }, out _);

        await saver.SaveAsync(new EditedImage { Url = "https://files.example/img.png" }, target, false, CancellationToken.None);

        var midway = Assert.Single(seenMidway);
        Assert.DoesNotContain("dl.png", midway);
        Assert.Contains(midway, n => n.StartsWith(".dl.png.", StringComparison.Ordinal) && n.EndsWith(".tmp", StringComparison.Ordinal));
        Assert.Equal(new[] { "dl.png" }, _dir.Names());
        Assert.Equal(200_000, new FileInfo(target).Length);
    }

    [Fact]
    public async Task Image_with_no_data_and_no_url_is_NoImageData_and_writes_nothing()
    {
        var error = await Assert.ThrowsAsync<OpenAIException>(() =>
            OfflineSaver().SaveAsync(new EditedImage(), _dir.Combine("x.png"), false, CancellationToken.None));

        Assert.Equal(ErrorIds.NoImageData, error.ErrorId);
        Assert.Empty(_dir.Names());
    }

    [Fact]
    public async Task Partial_is_named_by_its_sequence()
    {
        var partial = new PartialImage { Index = 0, Sequence = 3, Data = Image, OutputFormat = "jpeg" };

        var path = await OfflineSaver().SavePartialAsync(partial, _dir.Root, "cat", false, CancellationToken.None);

        Assert.Equal(_dir.Combine("cat-partial-3.jpg"), path);
        Assert.Equal(path, partial.Path);
    }

    [Theory]
    [InlineData("Add a red beret, please!", "add-a-red-beret-please")]
    [InlineData("  ---  ", "image")]
    [InlineData("Über café", "ber-caf")]
    [InlineData("a very long prompt that goes on and on and on past forty characters", "a-very-long-prompt-that-goes-on-and-on-a")]
    public void Prompt_slug(string prompt, string slug)
    {
        Assert.Equal(slug, ImageFileNames.Slug(prompt));
        Assert.True(ImageFileNames.Slug(prompt).Length <= ImageFileNames.MaxSlugLength);
    }

    [Fact]
    public void Stem_comes_from_the_first_input_else_the_prompt()
    {
        Assert.Equal("cat", ImageFileNames.Stem(new ImageEditRequest { Prompt = "x", Images = { "/tmp/cat.png", "/tmp/dog.png" } }));
        Assert.Equal("add-a-hat", ImageFileNames.Stem(new ImageEditRequest { Prompt = "Add a hat", FileIds = { "file-1" } }));
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Serves zeros, running a callback once after the first read (the file is then half written).</summary>
    private sealed class CallbackStream : MemoryStream
    {
        private Action? _afterFirstRead;

        public CallbackStream(byte[] data, Action afterFirstRead) : base(data) => _afterFirstRead = afterFirstRead;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = base.Read(buffer, offset, Math.Min(count, 4096));
            Interlocked.Exchange(ref _afterFirstRead, null)?.Invoke();
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer, offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            var array = new byte[Math.Min(buffer.Length, 4096)];
            var read = Read(array, 0, array.Length);
            array.AsMemory(0, read).CopyTo(buffer);
            return ValueTask.FromResult(read);
        }
    }
}
