using System.Net;
using System.Text.Json;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Images;
using OpenAI.PowerShell.Model;
using OpenAI.PowerShell.TestSupport;

namespace OpenAI.PowerShell.Engine.Tests.Images;

/// <summary>The request as it goes on the wire, and the answer as the caller sees it.</summary>
public sealed class ImageEditServiceTests : IDisposable
{
    private static readonly byte[] Result = TestImages.Png(4, 4);
    private static readonly string ResultB64 = Convert.ToBase64String(Result);
    private readonly ImageFixtures _f = new();

    private static string Response(int count = 1) => JsonSerializer.Serialize(new
    {
        created = 1713833628,
        data = Enumerable.Range(0, count).Select(_ => new { b64_json = ResultB64 }),
        background = "opaque",
        output_format = "png",
        size = "1024x1024",
        quality = "high",
        usage = new { total_tokens = 100, input_tokens = 50, output_tokens = 50, input_tokens_details = new { text_tokens = 10, image_tokens = 40 } },
    });

    private static (ImageEditService Service, RecordingHandler Handler) Service(Func<RecordedRequest, int, HttpResponseMessage>? respond = null, int retries = 0)
    {
        var handler = new RecordingHandler(respond ?? ((_, _) => TestClients.Json(Response())));
        return (new ImageEditService(TestClients.Client(handler, retries), new ImageSaver(new HttpClient(new NoSendHandler()))), handler);
    }

    [Fact]
    public async Task One_image_goes_in_the_field_image_with_its_content_type()
    {
        var (service, handler) = Service();
        var request = new ImageEditRequest { Model = "dall-e-2", Prompt = "add a beret", Images = { _f.Rgb512 }, Mask = _f.Mask512, Size = "512x512", ResponseFormat = "b64_json", N = 2, User = "u-1" };

        await service.EditAsync(request);

        var sent = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal("http://127.0.0.1:1/v1/images/edits", sent.Uri.ToString());
        Assert.Equal("multipart/form-data", sent.ContentType);
        var parts = sent.Parts();
        Assert.Equal(new[] { "model", "prompt", "n", "size", "response_format", "user", "image", "mask" }, parts.Select(p => p.Name));
        Assert.Equal("dall-e-2", parts[0].Text);
        Assert.Equal("2", parts[2].Text);
        Assert.All(parts.Take(6), p => Assert.Null(p.ContentType));
        var image = parts.Single(p => p.Name == "image");
        Assert.Equal(("rgb.png", "image/png"), (image.FileName, image.ContentType));
        Assert.Equal(File.ReadAllBytes(_f.Rgb512), image.Body);
        var mask = parts.Single(p => p.Name == "mask");
        Assert.Equal(("mask.png", "image/png"), (mask.FileName, mask.ContentType));
        Assert.Equal(File.ReadAllBytes(_f.Mask512), mask.Body);
    }

    [Fact]
    public async Task Several_images_go_in_image_brackets_each_with_its_own_content_type()
    {
        var (service, handler) = Service();
        var request = new ImageEditRequest
        {
            Model = "gpt-image-1", Prompt = "a gift basket", Images = { _f.Rgba512, _f.Jpeg, _f.Webp },
            Quality = "High", Background = "transparent", OutputFormat = "webp", OutputCompression = 80, InputFidelity = "low",
        };

        await service.EditAsync(request);

        var sent = Assert.Single(handler.Requests);
        // Quoted name and filename, as servers parsing "image[]" expect.
        Assert.Contains("\r\nContent-Disposition: form-data; name=\"image[]\"; filename=\"photo.jpg\"\r\n", sent.BodyText, StringComparison.Ordinal);
        var parts = sent.Parts();
        var files = parts.Where(p => p.FileName is not null).ToList();
        Assert.Equal(new[] { "image[]", "image[]", "image[]" }, files.Select(p => p.Name));
        Assert.Equal(new[] { "image/png", "image/jpeg", "image/webp" }, files.Select(p => p.ContentType));
        Assert.Equal(new[] { "rgba.png", "photo.jpg", "pic.webp" }, files.Select(p => p.FileName));
        Assert.DoesNotContain(parts, p => p.Name == "image");
        var fields = parts.Where(p => p.FileName is null).ToDictionary(p => p.Name, p => p.Text);
        Assert.Equal("high", fields["quality"]); // lowercased for the API
        Assert.Equal("transparent", fields["background"]);
        Assert.Equal("webp", fields["output_format"]);
        Assert.Equal("80", fields["output_compression"]);
        Assert.Equal("low", fields["input_fidelity"]);
        Assert.False(fields.ContainsKey("stream"));
    }

    [Fact]
    public async Task A_retry_sends_every_file_again_in_full()
    {
        var (service, handler) = Service((_, n) => n == 1
            ? TestClients.Json("""{"error":{"message":"busy","type":"server_error","param":null,"code":null}}""", HttpStatusCode.ServiceUnavailable)
            : TestClients.Json(Response()), retries: 2);

        await service.EditAsync(new ImageEditRequest { Model = "gpt-image-1", Prompt = "p", Images = { _f.Rgba512, _f.Jpeg } });

        Assert.Equal(2, handler.Requests.Count);
        Assert.All(handler.Requests, r =>
        {
            var files = r.Parts().Where(p => p.FileName is not null).ToList();
            Assert.Equal(File.ReadAllBytes(_f.Rgba512), files[0].Body);
            Assert.Equal(File.ReadAllBytes(_f.Jpeg), files[1].Body);
        });
    }

    [Fact]
    public async Task File_ids_and_urls_use_the_json_body()
    {
        var (service, handler) = Service();
        var request = new ImageEditRequest
        {
            Model = "gpt-image-1.5", Prompt = "snowy mountains", FileIds = { "file-abc123" }, ImageUrls = { "https://example.com/a.png" },
            MaskFileId = "file-mask123", OutputFormat = "png", N = 1,
        };

        await service.EditAsync(request);

        var sent = Assert.Single(handler.Requests);
        Assert.Equal("application/json", sent.ContentType);
        using var body = JsonDocument.Parse(sent.Body);
        var root = body.RootElement;
        Assert.Equal("gpt-image-1.5", root.GetProperty("model").GetString());
        Assert.Equal("snowy mountains", root.GetProperty("prompt").GetString());
        Assert.Equal("""[{"file_id":"file-abc123"},{"image_url":"https://example.com/a.png"}]""", root.GetProperty("images").GetRawText());
        Assert.Equal("""{"file_id":"file-mask123"}""", root.GetProperty("mask").GetRawText());
        Assert.Equal("png", root.GetProperty("output_format").GetString());
        Assert.False(root.TryGetProperty("stream", out _));
        Assert.False(root.TryGetProperty("quality", out _));
    }

    [Fact]
    public async Task Answer_maps_onto_typed_images()
    {
        var (service, _) = Service((_, _) => TestClients.Json(Response(2)));

        var result = await service.EditAsync(new ImageEditRequest { Model = "gpt-image-1", Prompt = "p", Images = { _f.Rgba512 }, N = 2 });

        Assert.Equal(2, result.Images.Count);
        var first = result.Images[0];
        Assert.Equal((0, 1), (first.Index, result.Images[1].Index));
        Assert.Equal(Result.Length, first.ByteLength);
        Assert.Equal(Result, first.Data);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1713833628), first.Created);
        Assert.Equal(("1024x1024", "high", "png", "opaque"), (first.Size, first.Quality, first.OutputFormat, first.Background));
        Assert.Equal((50L, 50L, 100L, 10L, 40L), (first.Usage!.InputTokens, first.Usage.OutputTokens, first.Usage.TotalTokens, first.Usage.TextTokens, first.Usage.ImageTokens));
        Assert.Equal($"<{Result.Length} bytes>", first.ToString());
        Assert.Null(first.Path);
    }

    [Fact]
    public async Task Url_answer_keeps_the_url()
    {
        var (service, _) = Service((_, _) => TestClients.Json("""{"created":1,"data":[{"url":"https://files.example/img.png","revised_prompt":"r"}]}"""));

        var result = await service.EditAsync(new ImageEditRequest { Model = "dall-e-2", Prompt = "p", Images = { _f.Rgba512 } });

        var image = Assert.Single(result.Images);
        Assert.Equal("https://files.example/img.png", image.Url);
        Assert.Null(image.ByteLength);
        Assert.Equal("r", image.RevisedPrompt);
        Assert.Equal("https://files.example/img.png", image.ToString());
    }

    [Fact]
    public async Task Server_error_keeps_its_details()
    {
        var (service, _) = Service((_, _) => TestClients.Json(
            """{"error":{"message":"Invalid input image","type":"invalid_request_error","param":"image","code":"invalid_image"}}""", HttpStatusCode.BadRequest));

        var error = await Assert.ThrowsAsync<OpenAIException>(() =>
            service.EditAsync(new ImageEditRequest { Model = "gpt-image-9", Prompt = "p", Images = { _f.Gif } }));

        Assert.Equal(ErrorIds.InvalidRequest, error.ErrorId);
        Assert.Equal("image", error.Param);
    }

    [Fact]
    public async Task Bad_base64_is_InvalidImageData()
    {
        var (service, _) = Service((_, _) => TestClients.Json("""{"created":1,"data":[{"b64_json":"not base64!"}]}"""));

        var error = await Assert.ThrowsAsync<OpenAIException>(() =>
            service.EditAsync(new ImageEditRequest { Model = "gpt-image-1", Prompt = "p", Images = { _f.Rgba512 } }));

        Assert.Equal(ErrorIds.InvalidImageData, error.ErrorId);
    }

    [Fact]
    public async Task Out_directory_saves_each_result_and_sets_Path()
    {
        var (service, _) = Service((_, _) => TestClients.Json(Response(2)));
        var outDir = _f.Combine("out");

        var result = await service.EditAsync(new ImageEditRequest { Model = "gpt-image-1", Prompt = "p", Images = { _f.Jpeg }, N = 2, OutDirectory = outDir });

        Assert.Equal(new[] { Path.Combine(outDir, "photo-0.png"), Path.Combine(outDir, "photo-1.png") }, result.Images.Select(i => i.Path));
        Assert.All(result.Images, i => Assert.Equal(Result, File.ReadAllBytes(i.Path!)));
        Assert.Equal(Path.Combine(outDir, "photo-0.png"), result.Images[0].ToString());
    }

    public void Dispose() => _f.Dispose();
}
