using System.Net;
using System.Text;
using System.Text.Json;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Images;
using OpenAI.PowerShell.Model;
using OpenAI.PowerShell.TestSupport;

namespace OpenAI.PowerShell.Engine.Tests.Images;

public sealed class ImageEditStreamTests : IDisposable
{
    private static readonly byte[] Partial0 = TestImages.Png(2, 2);
    private static readonly byte[] Partial1 = TestImages.Png(3, 3);
    private static readonly byte[] Final = TestImages.Png(4, 4);
    private readonly ImageFixtures _f = new();

    private static string PartialEvent(int index, byte[] data, bool withEventLine = true) =>
        (withEventLine ? "event: image_edit.partial_image\n" : "") +
        "data: " + JsonSerializer.Serialize(new
        {
            type = "image_edit.partial_image", b64_json = Convert.ToBase64String(data), created_at = 1620000000,
            size = "1024x1024", quality = "high", background = "opaque", output_format = "png", partial_image_index = index,
        }) + "\n\n";

    private static string CompletedEvent(byte[] data) =>
        "event: image_edit.completed\n" +
        "data: " + JsonSerializer.Serialize(new
        {
            type = "image_edit.completed", b64_json = Convert.ToBase64String(data), created_at = 1620000001,
            size = "1024x1024", quality = "high", background = "opaque", output_format = "webp",
            usage = new { total_tokens = 100, input_tokens = 50, output_tokens = 50, input_tokens_details = new { text_tokens = 10, image_tokens = 40 } },
        }) + "\n\n";

    private ImageEditRequest StreamRequest(int partials = 2) =>
        new() { Model = "gpt-image-1.5", Prompt = "p", Images = { _f.Rgba512 }, Stream = true, PartialImages = partials };

    private static (ImageEditService, RecordingHandler) Service(Func<HttpResponseMessage> respond)
    {
        var handler = new RecordingHandler((_, _) => respond());
        return (new ImageEditService(TestClients.Client(handler, maxRetries: 3), new ImageSaver(new HttpClient(new NoSendHandler()))), handler);
    }

    [Fact]
    public async Task Partials_reach_the_callback_and_the_completed_event_is_the_result()
    {
        var (service, handler) = Service(() => TestClients.EventStream(
            ": keep-alive comment\n\n" + PartialEvent(0, Partial0) + PartialEvent(1, Partial1, withEventLine: false) + CompletedEvent(Final) + "data: [DONE]\n\n"));
        var seen = new List<PartialImage>();

        var result = await service.EditAsync(StreamRequest(), seen.Add);

        Assert.Equal(new[] { 0, 1 }, seen.Select(p => p.Index));
        Assert.Equal(Partial0, seen[0].Data);
        Assert.Equal(Partial1, seen[1].Data);
        Assert.Equal(2, result.Partials.Count);
        var image = Assert.Single(result.Images);
        Assert.Equal(Final, image.Data);
        Assert.Equal(("webp", 100L), (image.OutputFormat, image.Usage!.TotalTokens));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1620000001), image.Created);

        var fields = Assert.Single(handler.Requests).Parts().Where(p => p.FileName is null).ToDictionary(p => p.Name, p => p.Text);
        Assert.Equal("true", fields["stream"]);
        Assert.Equal("2", fields["partial_images"]);
    }

    [Fact]
    public async Task Out_directory_saves_partials_as_they_arrive_and_the_final_image()
    {
        var outDir = _f.Combine("out");
        var (service, _) = Service(() => TestClients.EventStream(PartialEvent(0, Partial0) + PartialEvent(1, Partial1) + CompletedEvent(Final)));
        var existedWhenReported = new List<bool>();
        var request = StreamRequest();
        request.OutDirectory = outDir;

        var result = await service.EditAsync(request, p => existedWhenReported.Add(File.Exists(p.Path)));

        Assert.Equal(new[] { true, true }, existedWhenReported);
        Assert.Equal(Partial0, File.ReadAllBytes(Path.Combine(outDir, "rgba-partial-0.png")));
        Assert.Equal(Partial1, File.ReadAllBytes(Path.Combine(outDir, "rgba-partial-1.png")));
        Assert.Equal(Path.Combine(outDir, "rgba-0.webp"), result.Images[0].Path);
        Assert.Equal(Final, File.ReadAllBytes(result.Images[0].Path!));
    }

    [Fact]
    public async Task Json_mode_streams_too()
    {
        var (service, handler) = Service(() => TestClients.EventStream(CompletedEvent(Final)));

        var result = await service.EditAsync(new ImageEditRequest { Prompt = "p", FileIds = { "file-1" }, Stream = true, PartialImages = 0 });

        Assert.Equal(Final, result.Images.Single().Data);
        using var body = JsonDocument.Parse(handler.Requests.Single().Body);
        Assert.True(body.RootElement.GetProperty("stream").GetBoolean());
        Assert.Equal(0, body.RootElement.GetProperty("partial_images").GetInt32());
    }

    [Fact]
    public async Task Error_event_is_StreamError()
    {
        var (service, _) = Service(() => TestClients.EventStream(PartialEvent(0, Partial0) +
            "event: error\ndata: {\"type\":\"error\",\"error\":{\"message\":\"moderation_blocked\",\"type\":\"image_generation_user_error\",\"code\":\"moderation_blocked\"}}\n\n"));

        var error = await Assert.ThrowsAsync<OpenAIException>(() => service.EditAsync(StreamRequest()));

        Assert.Equal(ErrorIds.StreamError, error.ErrorId);
        Assert.Equal("moderation_blocked", error.ErrorCode);
    }

    [Fact]
    public async Task Stream_without_a_completed_event_is_StreamEndedEarly()
    {
        var (service, _) = Service(() => TestClients.EventStream(PartialEvent(0, Partial0)));

        var error = await Assert.ThrowsAsync<OpenAIException>(() => service.EditAsync(StreamRequest()));

        Assert.Equal(ErrorIds.StreamEndedEarly, error.ErrorId);
    }

    [Fact]
    public async Task Stream_cut_mid_body_fails_and_is_not_resent()
    {
        var text = Encoding.UTF8.GetBytes(PartialEvent(0, Partial0) + CompletedEvent(Final));
        var (service, handler) = Service(() => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new FailingStream(text, failAfter: text.Length / 2)) { Headers = { { "Content-Type", "text/event-stream" } } },
        });
        var partials = 0;

        var error = await Assert.ThrowsAsync<OpenAIException>(() => service.EditAsync(StreamRequest(), _ => partials++));

        Assert.Equal(ErrorIds.ConnectionFailed, error.ErrorId);
        Assert.Equal(1, partials);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Json_answer_to_a_stream_request_is_read_as_usual()
    {
        var (service, _) = Service(() => TestClients.Json($$"""{"created":5,"data":[{"b64_json":"{{Convert.ToBase64String(Final)}}"}]}"""));

        var result = await service.EditAsync(StreamRequest());

        Assert.Equal(Final, result.Images.Single().Data);
    }

    [Fact]
    public async Task Event_reader_joins_data_lines_skips_comments_and_handles_crlf()
    {
        var text = ": hello\r\nevent: one\r\ndata: a\r\ndata:b\r\nid: 7\r\n\r\n\r\ndata: last";
        var reader = new ServerSentEventReader(new StringReader(text));

        var first = await reader.ReadAsync(CancellationToken.None);
        var second = await reader.ReadAsync(CancellationToken.None);
        var end = await reader.ReadAsync(CancellationToken.None);

        Assert.Equal(("one", "a\nb"), (first!.Value.Name, first.Value.Data));
        Assert.Equal(((string?)null, "last"), (second!.Value.Name, second.Value.Data));
        Assert.Null(end);
    }

    public void Dispose() => _f.Dispose();
}

/// <summary>Serves some bytes, then fails as a dropped connection does.</summary>
internal sealed class FailingStream : Stream
{
    private readonly byte[] _data;
    private readonly int _failAfter;
    private int _position;

    public FailingStream(byte[] data, int failAfter)
    {
        _data = data;
        _failAfter = failAfter;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_position >= _failAfter)
        {
            throw new IOException("The connection was reset (test).");
        }
        var n = Math.Min(Math.Min(count, 1024), _failAfter - _position);
        Array.Copy(_data, _position, buffer, offset, n);
        _position += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
