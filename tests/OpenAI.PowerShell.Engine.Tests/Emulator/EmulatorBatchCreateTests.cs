using System.Text.Json;
using static OpenAI.PowerShell.Engine.Tests.Emulator.BatchTestHelpers;
using static OpenAI.PowerShell.Engine.Tests.Emulator.EmulatorTestClient;

namespace OpenAI.PowerShell.Engine.Tests.Emulator;

/// <summary>POST /v1/batches validation, the Batch object's shape, listing and retrieval.</summary>
public sealed class EmulatorBatchCreateTests
{
    public static TheoryData<string, int, string> BadBodies => new()
    {
        { """{"endpoint":"/v1/chat/completions","completion_window":"24h"}""", 400, "input_file_id" },
        { """{"input_file_id":"FILE","endpoint":"/v1/audio/speech","completion_window":"24h"}""", 400, "endpoint" },
        { """{"input_file_id":"FILE","endpoint":"/v1/chat/completions","completion_window":"48h"}""", 400, "completion_window" },
        { """{"input_file_id":"FILE","endpoint":"/v1/chat/completions"}""", 400, "completion_window" },
        { """{"input_file_id":"file-missing","endpoint":"/v1/chat/completions","completion_window":"24h"}""", 404, "input_file_id" },
        { """{"input_file_id":"FILE","endpoint":"/v1/chat/completions","completion_window":"24h","metadata":{"k":1}}""", 400, "metadata.k" },
        { """{"input_file_id":"FILE","endpoint":"/v1/chat/completions","completion_window":"24h","output_expires_after":{"anchor":"created_at","seconds":60}}""", 400, "output_expires_after.seconds" },
        { """{"input_file_id":"FILE","endpoint":"/v1/chat/completions","completion_window":"24h","output_expires_after":{"anchor":"now","seconds":3600}}""", 400, "output_expires_after.anchor" },
        { """{"input_file_id":"FILE","endpoint":"/v1/chat/completions","completion_window":"24h","colour":"red"}""", 400, "colour" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Create_WithABadBody_AnswersTheApiError_AndMakesNoBatch(string body, int status, string param)
    {
        await using var c = await StartAsync();
        var fileId = AddChatInput(c, 1);
        using var content = new StringContent(body.Replace("FILE", fileId), System.Text.Encoding.UTF8, "application/json");

        using var response = await c.Http.PostAsync("batches", content);

        var error = await ReadErrorAsync(response, status);
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Empty(c.Server.Batches.List());
    }

    [Fact]
    public async Task Create_RefusesTooManyMetadataKeys_AndTooLongKeysOrValues()
    {
        await using var c = await StartAsync();
        var fileId = AddChatInput(c, 1);
        var tooMany = Enumerable.Range(0, 17).ToDictionary(i => $"k{i}", i => "v");
        var longKey = new Dictionary<string, string> { [new string('k', 65)] = "v" };
        var longValue = new Dictionary<string, string> { ["k"] = new string('v', 513) };

        foreach (var metadata in new[] { tooMany, longKey, longValue })
        {
            using var response = await c.Http.PostAsync("batches", Json(new { input_file_id = fileId, endpoint = "/v1/chat/completions", completion_window = "24h", metadata }));
            Assert.StartsWith("metadata", (await ReadErrorAsync(response, 400)).GetProperty("param").GetString());
        }

        var sixteen = Enumerable.Range(0, 16).ToDictionary(i => $"k{i}", i => new string('v', 512));
        using var ok = await c.Http.PostAsync("batches", Json(new { input_file_id = fileId, endpoint = "/v1/chat/completions", completion_window = "24h", metadata = sixteen }));
        Assert.Equal(200, (int)ok.StatusCode);
    }

    [Fact]
    public async Task Create_AnswersAValidatingBatch_WithEveryKeyOfTheBatchObject()
    {
        await using var c = await StartAsync();
        c.Server.Batches.Pause();
        var fileId = AddChatInput(c, 2);
        using var response = await c.Http.PostAsync("batches", Json(new
        {
            input_file_id = fileId,
            endpoint = "/v1/chat/completions",
            completion_window = "24h",
            metadata = new { job = "nightly" },
        }));
        var batch = await ReadJsonAsync(response);

        Assert.StartsWith("batch_", batch.GetProperty("id").GetString());
        Assert.Equal("batch", batch.GetProperty("object").GetString());
        Assert.Equal("validating", batch.GetProperty("status").GetString());
        Assert.Equal(fileId, batch.GetProperty("input_file_id").GetString());
        Assert.Equal("24h", batch.GetProperty("completion_window").GetString());
        Assert.Equal("nightly", batch.GetProperty("metadata").GetProperty("job").GetString());
        var created = batch.GetProperty("created_at").GetInt64();
        Assert.Equal(created + 86_400, batch.GetProperty("expires_at").GetInt64());
        foreach (var key in new[] { "model", "errors", "output_file_id", "error_file_id", "in_progress_at", "finalizing_at", "completed_at", "failed_at", "expired_at", "cancelling_at", "cancelled_at" })
        {
            Assert.Equal(JsonValueKind.Null, batch.GetProperty(key).ValueKind);
        }

        Assert.Equal((0, 0, 0), Counts(batch));
    }

    [Fact]
    public async Task List_IsNewestFirst_PagesWithAfterAndLimit_AndUnknownIdIs404()
    {
        await using var c = await StartAsync();
        c.Server.Batches.Pause();
        var fileId = AddChatInput(c, 1);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await CreateBatchAsync(c, fileId)).GetProperty("id").GetString()!);
        }

        using var first = await c.Http.GetAsync("batches?limit=2");
        var page = await ReadJsonAsync(first);
        Assert.Equal([ids[2], ids[1]], page.GetProperty("data").EnumerateArray().Select(b => b.GetProperty("id").GetString()));
        Assert.True(page.GetProperty("has_more").GetBoolean());
        Assert.Equal(ids[1], page.GetProperty("last_id").GetString());

        using var second = await c.Http.GetAsync($"batches?limit=2&after={ids[1]}");
        var rest = await ReadJsonAsync(second);
        Assert.Equal([ids[0]], rest.GetProperty("data").EnumerateArray().Select(b => b.GetProperty("id").GetString()));
        Assert.False(rest.GetProperty("has_more").GetBoolean());

        using var missing = await c.Http.GetAsync("batches/batch_nope");
        await ReadErrorAsync(missing, 404);
        using var cancelMissing = await c.Http.PostAsync("batches/batch_nope/cancel", null);
        await ReadErrorAsync(cancelMissing, 404);
    }
}
