using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OpenAI.Emulator;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Images;
using OpenAI.PowerShell.Model;
using OpenAI.PowerShell.TestSupport;

namespace OpenAI.PowerShell.Engine.Tests.Images;

/// <summary>End to end against the emulator over loopback: what the server received and what the caller got.</summary>
public sealed class ImageEditEmulatorTests : EmulatorTest, IDisposable
{
    private readonly ImageFixtures _f = new();

    public void Dispose() => _f.Dispose();

    // dall-e-2's url results are tested on a day OpenAI still served it.
    protected override EmulatorOptions EmulatorOptions => new() { Today = EmulatorDays.DallE2Served };

    private OpenAIClient Client(int retries = 0) =>
        new(new ClientSettings { ApiKey = ApiKey.From(Server.ApiKey), BaseUri = Server.BaseUri, MaxRetries = retries },
            retry: new RetryPolicy(retries) { Delay = (_, _) => Task.CompletedTask });

    private IReadOnlyList<OpenAI.Emulator.RecordedRequest> Edits() =>
        Server.Requests.All.Where(r => r.Path.EndsWith("/images/edits", StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task Dall_e_2_with_mask_sends_image_and_mask_and_downloads_the_url_without_the_key()
    {
        var outFile = _f.Combine("result.png");
        var service = new ImageEditService(Client());

        var result = await service.EditAsync(new ImageEditRequest
        {
            Model = "dall-e-2", Prompt = "add a beret", Images = { _f.Rgb512 }, Mask = _f.Mask512,
            Size = "256x256", ResponseFormat = "url", OutFile = outFile,
        });

        var edit = Assert.Single(Edits());
        Assert.Equal(200, edit.Status);
        var files = edit.FormParts.Where(p => p.FileName is not null).ToList();
        Assert.Equal(new[] { ("image", "image/png"), ("mask", "image/png") }, files.Select(p => (p.Name, p.ContentType ?? "")));
        Assert.Equal(new FileInfo(_f.Rgb512).Length, files[0].Length);

        var image = Assert.Single(result.Images);
        Assert.StartsWith(Server.BaseUri.ToString(), image.Url);
        Assert.Equal(outFile, image.Path);
        var header = ImageHeaderReader.Read(outFile);
        Assert.Equal((ImageKind.Png, 256, 256), (header.Kind, header.Width, header.Height));

        var download = Assert.Single(Server.Requests.All, r => r.Method == "GET");
        Assert.DoesNotContain(download.Headers.Keys, k => k.Equals("Authorization", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(edit.Headers.Keys, k => k.Equals("Authorization", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Several_gpt_images_arrive_as_image_brackets_with_their_types()
    {
        var service = new ImageEditService(Client());

        var result = await service.EditAsync(new ImageEditRequest
        {
            Model = "gpt-image-2", Prompt = "a gift basket", Images = { _f.Rgba512, _f.Jpeg, _f.Webp }, N = 2, OutDirectory = _f.Combine("out"),
        });

        var files = Assert.Single(Edits()).FormParts.Where(p => p.FileName is not null).ToList();
        Assert.Equal(new[] { "image[]", "image[]", "image[]" }, files.Select(p => p.Name));
        Assert.Equal(new[] { "image/png", "image/jpeg", "image/webp" }, files.Select(p => p.ContentType));
        Assert.Equal(new[] { "rgba-0.png", "rgba-1.png" }, result.Images.Select(i => Path.GetFileName(i.Path)));
        Assert.All(result.Images, i => Assert.Equal(i.ByteLength, (int)new FileInfo(i.Path!).Length));
        Assert.NotNull(result.Images[0].Usage);
    }

    [Fact]
    public async Task A_503_is_retried_and_the_files_are_sent_again()
    {
        Server.Faults.Enqueue(Fault.Http(503, pathContains: "/images/edits"));
        var service = new ImageEditService(Client(retries: 2));

        var result = await service.EditAsync(new ImageEditRequest { Model = "gpt-image-2", Prompt = "p", Images = { _f.Rgba512, _f.Jpeg } });

        Assert.Single(result.Images);
        var edits = Edits();
        Assert.Equal(new[] { 503, 200 }, edits.Select(e => e.Status));
        Assert.Equal(2, edits[1].FormParts.Count(p => p.Name == "image[]"));
    }

    [Fact]
    public async Task Json_mode_edits_a_completed_vision_upload_by_file_id()
    {
        var fileId = await UploadAsync(File.ReadAllBytes(_f.Rgba512), "rgba.png");
        var service = new ImageEditService(Client());

        var result = await service.EditAsync(new ImageEditRequest { Model = "gpt-image-2", Prompt = "make it blue", FileIds = { fileId } });

        Assert.Single(result.Images);
        var edit = Assert.Single(Edits());
        using var body = JsonDocument.Parse(edit.JsonBody!);
        Assert.Equal(fileId, body.RootElement.GetProperty("images")[0].GetProperty("file_id").GetString());
        Assert.Empty(edit.FormParts);
    }

    [Fact]
    public async Task Streaming_reports_partials_and_returns_the_completed_image()
    {
        var service = new ImageEditService(Client());
        var partials = new List<PartialImage>();
        var outDir = _f.Combine("stream");

        var result = await service.EditAsync(new ImageEditRequest
        {
            Model = "gpt-image-2", Prompt = "p", Images = { _f.Rgba512 }, Stream = true, PartialImages = 2, OutDirectory = outDir,
        }, partials.Add);

        Assert.Equal(new[] { 0, 1 }, partials.Select(p => p.Index));
        Assert.All(partials, p => Assert.Equal(ImageKind.Png, ImageHeaderReader.Read(new MemoryStream(p.Data)).Kind));
        Assert.Equal(new[] { "rgba-0.png", "rgba-partial-0.png", "rgba-partial-1.png" },
            Directory.GetFiles(outDir).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(Path.Combine(outDir, "rgba-0.png"), result.Images.Single().Path);
    }

    [Fact]
    public async Task Download_aborted_mid_body_leaves_no_file()
    {
        Server.Faults.Enqueue(new Fault { Kind = FaultKind.AbortResponseMidBody, PathContains = "/emulator/images/", AbortAfterBytes = 40 });
        var outDir = _f.Combine("dl");
        var service = new ImageEditService(Client());

        var error = await Assert.ThrowsAsync<OpenAIException>(() => service.EditAsync(new ImageEditRequest
        {
            Model = "dall-e-2", Prompt = "p", Images = { _f.Rgba512 }, ResponseFormat = "url", Size = "1024x1024", OutDirectory = outDir,
        }));

        Assert.Equal(ErrorIds.DownloadFailed, error.ErrorId);
        Assert.Empty(Directory.Exists(outDir) ? Directory.GetFiles(outDir) : Array.Empty<string>());
    }

    [Fact]
    public async Task Unknown_model_passes_through_to_the_server_check()
    {
        var service = new ImageEditService(Client());

        var error = await Assert.ThrowsAsync<OpenAIException>(() =>
            service.EditAsync(new ImageEditRequest { Model = "dall-e-9", Prompt = "p", Images = { _f.Gif } }));

        Assert.Single(Edits());
        Assert.Equal(400, (int?)error.StatusCode);
    }

    /// <summary>Create, add one part, complete: the File a vision Upload produces.</summary>
    private async Task<string> UploadAsync(byte[] data, string name)
    {
        using var http = new HttpClient { BaseAddress = new Uri(Server.BaseUri + "/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Server.ApiKey);
        var upload = await PostJsonAsync(http, "uploads", new { purpose = "vision", filename = name, bytes = data.Length, mime_type = "image/png" });
        var uploadId = upload.GetProperty("id").GetString()!;
        using var form = new MultipartFormDataContent { { new ByteArrayContent(data), "data", "part.bin" } };
        using var partResponse = await http.PostAsync($"uploads/{uploadId}/parts", form);
        partResponse.EnsureSuccessStatusCode();
        var partId = JsonDocument.Parse(await partResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        var completed = await PostJsonAsync(http, $"uploads/{uploadId}/complete", new { part_ids = new[] { partId } });
        return completed.GetProperty("file").GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement> PostJsonAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsync(path, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
