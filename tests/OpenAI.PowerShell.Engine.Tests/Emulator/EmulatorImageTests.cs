using System.Net.Http.Headers;
using System.Text.Json;
using OpenAI.Emulator;
using OpenAI.Emulator.Png;
using OpenAI.PowerShell.TestSupport;
using static OpenAI.PowerShell.Engine.Tests.Emulator.EmulatorTestClient;

namespace OpenAI.PowerShell.Engine.Tests.Emulator;

/// <summary>The emulator's image edit checks and outputs, plus response-side faults and shaping.</summary>
public sealed class EmulatorImageTests
{
    private static ByteArrayContent Png(int width, int height, string contentType = "image/png")
    {
        var content = new ByteArrayContent(PngWriter.Create(width, height, 10, 20, 30, 255));
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }

    private static MultipartFormDataContent Form(params (string Name, HttpContent Content, string? FileName)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, content, fileName) in fields)
        {
            if (fileName is null)
            {
                form.Add(content, name);
            }
            else
            {
                form.Add(content, name, fileName);
            }
        }

        return form;
    }

    [Fact]
    public async Task GptEdit_WithImageArray_RecordsEachPartAndReturnsB64WithUsage()
    {
        await using var c = await StartAsync();
        using var form = Form(
            ("image[]", Png(32, 32), "a.png"),
            ("image[]", Png(16, 24), "b.png"),
            ("prompt", new StringContent("a basket"), null),
            ("quality", new StringContent("low"), null));

        using var response = await c.Http.PostAsync("images/edits", form);
        var body = await ReadJsonAsync(response);

        Assert.Equal(200, (int)response.StatusCode);
        var png = Convert.FromBase64String(body.GetProperty("data")[0].GetProperty("b64_json").GetString()!);
        Assert.Equal(PngWriter.Signature, png[..8]);
        Assert.Equal("low", body.GetProperty("quality").GetString());
        Assert.True(body.GetProperty("usage").GetProperty("total_tokens").GetInt32() > 0);

        var parts = c.Server.Requests.All.Single().FormParts;
        Assert.Equal(["image[]", "image[]", "prompt", "quality"], parts.Select(p => p.Name));
        Assert.Equal("image/png", parts[0].ContentType);
        Assert.Equal("b.png", parts[1].FileName);
    }

    [Fact]
    public async Task GptEdit_WithOctetStreamPart_Is400LikeTheRealApi()
    {
        await using var c = await StartAsync();
        using var form = Form(("image", Png(8, 8, "application/octet-stream"), "a.png"), ("prompt", new StringContent("x"), null));

        using var response = await c.Http.PostAsync("images/edits", form);

        var error = await ReadErrorAsync(response, 400);
        Assert.Equal("image", error.GetProperty("param").GetString());
        Assert.Contains("unsupported mimetype", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task DallE2_PartWithoutContentType_IsJudgedByItsBytes()
    {
        await using var c = await StartAsync(new EmulatorOptions { Today = EmulatorDays.DallE2Served });
        var jpeg = new ByteArrayContent([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]);   // no Content-Type header
        using var form = Form(("model", new StringContent("dall-e-2"), null), ("image", jpeg, "a.png"), ("prompt", new StringContent("x"), null));

        using var response = await c.Http.PostAsync("images/edits", form);

        var error = await ReadErrorAsync(response, 400);
        Assert.Equal("unsupported_file", error.GetProperty("code").GetString());
        Assert.Contains("'image/jpeg'", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData(64, 32, 64, 32, "image")]   // not square
    [InlineData(64, 64, 32, 32, "mask")]    // mask size differs
    public async Task DallE2_ChecksShapeAndMask(int w, int h, int maskW, int maskH, string param)
    {
        await using var c = await StartAsync(new EmulatorOptions { Today = EmulatorDays.DallE2Served });
        using var form = Form(
            ("model", new StringContent("dall-e-2"), null),
            ("image", Png(w, h), "i.png"),
            ("mask", Png(maskW, maskH), "m.png"),
            ("prompt", new StringContent("x"), null));

        using var response = await c.Http.PostAsync("images/edits", form);

        Assert.Equal(param, (await ReadErrorAsync(response, 400)).GetProperty("param").GetString());
    }

    [Fact]
    public async Task DallE2_UrlDownload_AbortedMidBody_ThenServedWhole()
    {
        await using var c = await StartAsync(new EmulatorOptions { Today = EmulatorDays.DallE2Served });
        using var form = Form(
            ("model", new StringContent("dall-e-2"), null),
            ("image", Png(64, 64), "i.png"),
            ("prompt", new StringContent("x"), null),
            ("size", new StringContent("256x256"), null));
        using var response = await c.Http.PostAsync("images/edits", form);
        var url = (await ReadJsonAsync(response)).GetProperty("data")[0].GetProperty("url").GetString()!;
        using var anonymous = new HttpClient();   // download URLs need no key
        c.Server.Faults.Enqueue(Fault.AbortResponse("/emulator/images/", 100));

        await Assert.ThrowsAnyAsync<Exception>(() => anonymous.GetByteArrayAsync(url));
        var png = await anonymous.GetByteArrayAsync(url);

        Assert.Equal(PngWriter.Signature, png[..8]);
        Assert.Equal(256, ImageSniffer.Sniff(png).Width);
    }

    [Fact]
    public async Task JsonEdit_ReferencesCompletedUploadByFileId()
    {
        await using var c = await StartAsync();
        var image = PngWriter.Create(16, 16, 1, 2, 3, 255);
        var uploadId = await c.CreateUploadAsync(image.Length);
        var partId = await c.AddPartAsync(uploadId, image);
        using var completed = await c.Http.PostAsync($"uploads/{uploadId}/complete", Json(new { part_ids = new[] { partId } }));
        var fileId = (await ReadJsonAsync(completed)).GetProperty("file").GetProperty("id").GetString()!;

        using var ok = await c.Http.PostAsync("images/edits", Json(new { prompt = "x", images = new[] { new { file_id = fileId } } }));
        using var missing = await c.Http.PostAsync("images/edits", Json(new { prompt = "x", images = new[] { new { file_id = "file-nope" } } }));

        Assert.Equal(200, (int)ok.StatusCode);
        Assert.Equal("images", (await ReadErrorAsync(missing, 400)).GetProperty("param").GetString());
    }

    [Fact]
    public async Task Stream_SendsPartialThenCompletedEvents()
    {
        await using var c = await StartAsync();
        using var form = Form(
            ("image", Png(8, 8), "i.png"),
            ("prompt", new StringContent("x"), null),
            ("stream", new StringContent("true"), null),
            ("partial_images", new StringContent("2"), null));

        using var response = await c.Http.PostAsync("images/edits", form);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => JsonDocument.Parse(e.Split("data: ")[1]).RootElement.GetProperty("type").GetString()!)
            .ToArray();
        Assert.Equal(new[] { "image_edit.partial_image", "image_edit.partial_image", "image_edit.completed" }, events);
    }

    [Theory]
    [InlineData("2026-11-30", 200)]
    [InlineData("2026-12-01", 404)]
    public async Task A_model_is_answered_model_not_found_from_its_shutdown_day(string today, int status)
    {
        await using var c = await StartAsync(new EmulatorOptions { Today = DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture) });
        using var form = Form(("model", new StringContent("gpt-image-1.5"), null), ("image", Png(32, 32), "a.png"), ("prompt", new StringContent("x"), null));

        using var response = await c.Http.PostAsync("images/edits", form);

        Assert.Equal(status, (int)response.StatusCode);
        if (status == 404)
        {
            var error = await ReadErrorAsync(response, 404);
            Assert.Equal(("model_not_found", "invalid_request_error"), (error.GetProperty("code").GetString(), error.GetProperty("type").GetString()));
            Assert.Contains("`gpt-image-1.5` has been deprecated", error.GetProperty("message").GetString());
        }
    }

    [Fact]
    public async Task Without_a_model_the_edit_is_judged_as_gpt_image_2()
    {
        await using var c = await StartAsync();
        using var form = Form(("image", Png(32, 32), "a.png"), ("prompt", new StringContent("x"), null), ("size", new StringContent("2048x1152"), null));

        using var response = await c.Http.PostAsync("images/edits", form);

        Assert.Equal("2048x1152", (await ReadJsonAsync(response)).GetProperty("size").GetString());
    }

    [Theory]
    [InlineData("2026-05-11", new[] { "gpt-image-2", "gpt-image-2-2026-04-21", "gpt-image-1.5", "gpt-image-1-mini", "chatgpt-image-latest", "gpt-image-1", "dall-e-2" })]
    [InlineData("2026-12-05", new[] { "gpt-image-2", "gpt-image-2-2026-04-21" })]
    public async Task Models_lists_the_image_models_served_that_day(string today, string[] expected)
    {
        await using var c = await StartAsync(new EmulatorOptions { Today = DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture) });

        using var response = await c.Http.GetAsync("models");
        var body = await ReadJsonAsync(response);

        Assert.Equal("list", body.GetProperty("object").GetString());
        Assert.Equal(expected, body.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task RandomFaults_AreDeterministicForASeed()
    {
        static async Task<int[]> RunAsync()
        {
            await using var c = await StartAsync();
            c.Server.Faults.SetRandom(0.5, seed: 42, Fault.Http(500, "/uploads"), Fault.Http(503, "/uploads"));
            var statuses = new int[12];
            for (var i = 0; i < statuses.Length; i++)
            {
                using var r = await c.Http.PostAsync("uploads", Json(new { purpose = "batch", filename = "a", bytes = 1, mime_type = "text/plain" }));
                statuses[i] = (int)r.StatusCode;
            }

            return statuses;
        }

        var first = await RunAsync();
        Assert.Equal(first, await RunAsync());
        Assert.Contains(200, first);
        Assert.Contains(first, s => s >= 500);
    }
}
