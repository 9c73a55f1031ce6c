using System.Text;
using System.Text.Json;
using OpenAI.Emulator;
using OpenAI.Emulator.Png;
using static OpenAI.PowerShell.Engine.Tests.Emulator.BatchTestHelpers;
using static OpenAI.PowerShell.Engine.Tests.Emulator.EmulatorTestClient;

namespace OpenAI.PowerShell.Engine.Tests.Emulator;

/// <summary>What batch lines of each endpoint answer, and a large output file read back as a stream.</summary>
public sealed class EmulatorBatchOutputTests
{
    [Fact]
    public async Task ImageEditLines_AnswerPngsThroughTheImageEditRules_ByDataUrlOrFileId()
    {
        await using var c = await StartAsync();
        var png = PngWriter.Create(16, 16, 1, 2, 3, 255);
        var imageFileId = c.Server.State.AddFile(png, "vision", "in.png");
        string Line(string id, object image, string model = "gpt-image-2") => JsonSerializer.Serialize(new
        {
            custom_id = id,
            method = "POST",
            url = "/v1/images/edits",
            body = new { model, prompt = "a red boat", images = new[] { image } },
        });
        var input = string.Join("\n",
            Line("by-url", new { image_url = "data:image/png;base64," + Convert.ToBase64String(png) }),
            Line("by-file", new { file_id = imageFileId }),
            Line("unknown-model", new { file_id = imageFileId }, "dall-e-9"));

        var batch = await FinishAsync(c, await CreateBatchAsync(c, c.Server.State.AddFile(Encoding.UTF8.GetBytes(input)), "/v1/images/edits"));

        Assert.Equal((3, 2, 1), Counts(batch));
        var output = await ReadLinesAsync(c, batch, "output_file_id");
        Assert.Equal(["by-url", "by-file"], output.Select(CustomId));
        foreach (var line in output)
        {
            var b64 = line.GetProperty("response").GetProperty("body").GetProperty("data")[0].GetProperty("b64_json").GetString()!;
            Assert.Equal(PngWriter.Signature, Convert.FromBase64String(b64)[..8]);
        }

        var error = Assert.Single(await ReadLinesAsync(c, batch, "error_file_id"));
        Assert.Equal("unknown-model", CustomId(error));
        Assert.Equal(400, error.GetProperty("response").GetProperty("status_code").GetInt32());
    }

    [Fact]
    public async Task EmbeddingsAndResponsesLines_EchoTheirInput()
    {
        await using var c = await StartAsync();
        var embeddings = string.Join("\n",
            JsonSerializer.Serialize(new { custom_id = "e1", method = "POST", url = "/v1/embeddings", body = new { model = "text-embedding-3-small", input = "same" } }),
            JsonSerializer.Serialize(new { custom_id = "e2", method = "POST", url = "/v1/embeddings", body = new { model = "text-embedding-3-small", input = new[] { "same", "other" } } }));
        var responses = JsonSerializer.Serialize(new { custom_id = "r1", method = "POST", url = "/v1/responses", body = new { model = "gpt-5", input = "ping" } });

        var embedBatch = await FinishAsync(c, await CreateBatchAsync(c, c.Server.State.AddFile(Encoding.UTF8.GetBytes(embeddings)), "/v1/embeddings"));
        var respBatch = await FinishAsync(c, await CreateBatchAsync(c, c.Server.State.AddFile(Encoding.UTF8.GetBytes(responses)), "/v1/responses"));

        var lines = await ReadLinesAsync(c, embedBatch, "output_file_id");
        var single = lines[0].GetProperty("response").GetProperty("body").GetProperty("data");
        var pair = lines[1].GetProperty("response").GetProperty("body").GetProperty("data");
        Assert.Equal(2, pair.GetArrayLength());
        Assert.Equal(single[0].GetProperty("embedding").GetRawText(), pair[0].GetProperty("embedding").GetRawText());
        Assert.NotEqual(pair[0].GetProperty("embedding").GetRawText(), pair[1].GetProperty("embedding").GetRawText());

        var response = Assert.Single(await ReadLinesAsync(c, respBatch, "output_file_id")).GetProperty("response").GetProperty("body");
        Assert.Equal("response", response.GetProperty("object").GetString());
        Assert.Equal("Echo: ping", response.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task LargeOutputFile_IsWrittenToDisk_AndStreamedBackWithItsLength()
    {
        const int Lines = 1500;
        await using var c = await StartAsync(new EmulatorOptions { BatchLineDelay = TimeSpan.Zero, BatchStepDelay = TimeSpan.Zero });
        var text = new string('x', 4000);
        var input = new StringBuilder();
        for (var i = 1; i <= Lines; i++)
        {
            input.Append(ChatLine($"r{i}", $"{i} {text}")).Append('\n');
        }

        var batch = await FinishAsync(c, await CreateBatchAsync(c, c.Server.State.AddFile(Encoding.UTF8.GetBytes(input.ToString()))));

        Assert.Equal((Lines, Lines, 0), Counts(batch));
        var fileId = batch.GetProperty("output_file_id").GetString()!;
        var stored = c.Server.State.FindFile(fileId)!;
        Assert.True(stored.Bytes > Lines * 4000, $"output is {stored.Bytes} bytes");

        using var response = await c.Http.GetAsync($"files/{fileId}/content", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(stored.Bytes, response.Content.Headers.ContentLength);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var count = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            count++;
            using var doc = JsonDocument.Parse(line);
            Assert.Equal($"r{count}", doc.RootElement.GetProperty("custom_id").GetString());
        }

        Assert.Equal(Lines, count);
        Assert.Equal(c.Server.State.GetFileMd5(fileId), Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(c.Server.State.ReadFileContent(fileId))));
    }
}
