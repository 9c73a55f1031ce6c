using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using static OpenAI.PowerShell.Engine.Tests.Emulator.EmulatorTestClient;

namespace OpenAI.PowerShell.Engine.Tests.Emulator;

/// <summary>The emulator's Files endpoints: list, paging, filter, retrieve, delete, content, upload.</summary>
public sealed class EmulatorFileTests
{
    [Fact]
    public async Task List_IsNewestFirstByDefault_FiltersByPurpose_AndPagesWithAfter()
    {
        await using var c = await StartAsync();
        var a = c.Server.State.AddFile("a"u8.ToArray(), "batch", "a.jsonl");
        var b = c.Server.State.AddFile("bb"u8.ToArray(), "vision", "b.png");
        var d = c.Server.State.AddFile("ddd"u8.ToArray(), "batch", "d.jsonl");

        var all = await GetJsonAsync(c, "files");
        Assert.Equal("list", all.GetProperty("object").GetString());
        Assert.Equal([d, b, a], Ids(all));
        Assert.Equal(d, all.GetProperty("first_id").GetString());
        Assert.Equal(a, all.GetProperty("last_id").GetString());
        Assert.False(all.GetProperty("has_more").GetBoolean());

        Assert.Equal([d, a], Ids(await GetJsonAsync(c, "files?purpose=batch")));
        Assert.Equal([a, b, d], Ids(await GetJsonAsync(c, "files?order=asc")));

        var first = await GetJsonAsync(c, "files?limit=2");
        Assert.Equal([d, b], Ids(first));
        Assert.True(first.GetProperty("has_more").GetBoolean());
        var second = await GetJsonAsync(c, $"files?limit=2&after={b}");
        Assert.Equal([a], Ids(second));
        Assert.False(second.GetProperty("has_more").GetBoolean());
    }

    [Theory]
    [InlineData("files?limit=0", "limit")]
    [InlineData("files?limit=10001", "limit")]
    [InlineData("files?order=sideways", "order")]
    public async Task List_WithBadQuery_Is400(string url, string param)
    {
        await using var c = await StartAsync();
        using var response = await c.Http.GetAsync(url);
        Assert.Equal(param, (await ReadErrorAsync(response, 400)).GetProperty("param").GetString());
    }

    [Fact]
    public async Task Retrieve_GivesTheFileObject_AndUnknownIdIs404()
    {
        await using var c = await StartAsync();
        var id = c.Server.State.AddFile("hello"u8.ToArray(), "batch", "in.jsonl");

        var file = await GetJsonAsync(c, $"files/{id}");
        Assert.Equal(id, file.GetProperty("id").GetString());
        Assert.Equal("file", file.GetProperty("object").GetString());
        Assert.Equal(5, file.GetProperty("bytes").GetInt64());
        Assert.Equal("in.jsonl", file.GetProperty("filename").GetString());
        Assert.Equal("batch", file.GetProperty("purpose").GetString());
        Assert.Equal("processed", file.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, file.GetProperty("expires_at").ValueKind);
        Assert.Equal(c.Server.Clock.UtcNow.ToUnixTimeSeconds(), file.GetProperty("created_at").GetInt64());

        using var missing = await c.Http.GetAsync("files/file-nope");
        var error = await ReadErrorAsync(missing, 404);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Contains("file-nope", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Delete_RemovesTheFile_SoGetAndContentAre404()
    {
        await using var c = await StartAsync();
        var id = c.Server.State.AddFile("x"u8.ToArray());

        using var deleted = await c.Http.DeleteAsync($"files/{id}");
        var body = await ReadJsonAsync(deleted);
        Assert.Equal(200, (int)deleted.StatusCode);
        Assert.Equal(id, body.GetProperty("id").GetString());
        Assert.True(body.GetProperty("deleted").GetBoolean());
        Assert.False(c.Server.State.FileExists(id));

        using var get = await c.Http.GetAsync($"files/{id}");
        await ReadErrorAsync(get, 404);
        using var content = await c.Http.GetAsync($"files/{id}/content");
        await ReadErrorAsync(content, 404);
        using var again = await c.Http.DeleteAsync($"files/{id}");
        await ReadErrorAsync(again, 404);
    }

    [Fact]
    public async Task Content_OfACompletedUpload_IsItsBytes_StreamedWithLength()
    {
        await using var c = await StartAsync();
        var first = RandomBytes(300_000, 7);
        var second = RandomBytes(123_456, 8);
        var uploadId = await c.CreateUploadAsync(first.Length + second.Length);
        var p1 = await c.AddPartAsync(uploadId, first);
        var p2 = await c.AddPartAsync(uploadId, second);
        using var complete = await c.Http.PostAsync($"uploads/{uploadId}/complete", Json(new { part_ids = new[] { p1, p2 } }));
        var fileId = (await ReadJsonAsync(complete)).GetProperty("file").GetProperty("id").GetString()!;

        Assert.Contains(fileId, Ids(await GetJsonAsync(c, "files")));
        using var response = await c.Http.GetAsync($"files/{fileId}/content", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(first.Length + second.Length, response.Content.Headers.ContentLength);
        Assert.Equal(first.Concat(second).ToArray(), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Content_HonoursAnAbortFault_LikeOtherResponses()
    {
        await using var c = await StartAsync();
        var id = c.Server.State.AddFile(RandomBytes(200_000, 9));
        c.Server.Faults.Enqueue(OpenAI.Emulator.Fault.AbortResponse("/content", 1000, "GET"));

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => c.Http.GetByteArrayAsync($"files/{id}/content"));
        Assert.Equal(200_000, (await c.Http.GetByteArrayAsync($"files/{id}/content")).Length);
    }

    [Fact]
    public async Task Post_Multipart_StoresTheFile_AndRefusesAnUnknownPurpose()
    {
        await using var c = await StartAsync();
        var bytes = Encoding.UTF8.GetBytes("{\"custom_id\":\"1\"}\n");

        using var ok = await c.Http.PostAsync("files", FileForm(bytes, "batch"));
        var file = await ReadJsonAsync(ok);
        Assert.Equal(200, (int)ok.StatusCode);
        var id = file.GetProperty("id").GetString()!;
        Assert.Equal("in.jsonl", file.GetProperty("filename").GetString());
        Assert.Equal(bytes, c.Server.State.ReadFileContent(id));

        using var bad = await c.Http.PostAsync("files", FileForm(bytes, "batch_output"));
        Assert.Equal("purpose", (await ReadErrorAsync(bad, 400)).GetProperty("param").GetString());
        Assert.Single(c.Server.State.ListFiles());
    }

    private static MultipartFormDataContent FileForm(byte[] bytes, string purpose)
    {
        var form = new MultipartFormDataContent { { new StringContent(purpose), "purpose" } };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/jsonl");
        form.Add(file, "file", "in.jsonl");
        return form;
    }

    private static async Task<JsonElement> GetJsonAsync(EmulatorTestClient c, string url)
    {
        using var response = await c.Http.GetAsync(url);
        Assert.Equal(200, (int)response.StatusCode);
        return await ReadJsonAsync(response);
    }

    private static string[] Ids(JsonElement list) =>
        list.GetProperty("data").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToArray();
}
