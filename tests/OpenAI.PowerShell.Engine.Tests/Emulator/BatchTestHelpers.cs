using System.Text;
using System.Text.Json;

namespace OpenAI.PowerShell.Engine.Tests.Emulator;

/// <summary>Builds batch input files and reads batch results for the emulator's batch tests.</summary>
internal static class BatchTestHelpers
{
    public static string ChatLine(string customId, string text, string url = "/v1/chat/completions") => JsonSerializer.Serialize(new
    {
        custom_id = customId,
        method = "POST",
        url,
        body = new { model = "gpt-4o-mini", messages = new[] { new { role = "user", content = text } } },
    });

    /// <summary>An input file of n chat lines with custom ids r1..rn saying "hello i".</summary>
    public static string AddChatInput(EmulatorTestClient c, int count) =>
        c.Server.State.AddFile(Encoding.UTF8.GetBytes(string.Join("\n", Enumerable.Range(1, count).Select(i => ChatLine($"r{i}", $"hello {i}"))) + "\n"));

    public static async Task<JsonElement> CreateBatchAsync(EmulatorTestClient c, string inputFileId, string endpoint = "/v1/chat/completions")
    {
        using var response = await c.Http.PostAsync("batches", EmulatorTestClient.Json(new { input_file_id = inputFileId, endpoint, completion_window = "24h" }));
        var body = await EmulatorTestClient.ReadJsonAsync(response);
        Assert.Equal(200, (int)response.StatusCode);
        return body;
    }

    public static async Task<JsonElement> GetBatchAsync(EmulatorTestClient c, string batchId)
    {
        using var response = await c.Http.GetAsync($"batches/{batchId}");
        Assert.Equal(200, (int)response.StatusCode);
        return await EmulatorTestClient.ReadJsonAsync(response);
    }

    /// <summary>Waits for the batch to end, then reads it over HTTP.</summary>
    public static async Task<JsonElement> FinishAsync(EmulatorTestClient c, JsonElement created)
    {
        var id = created.GetProperty("id").GetString()!;
        await c.Server.Batches.WaitForTerminalAsync(id);
        return await GetBatchAsync(c, id);
    }

    /// <summary>The JSONL lines of a result file, read over GET /files/{id}/content.</summary>
    public static async Task<List<JsonElement>> ReadLinesAsync(EmulatorTestClient c, JsonElement batch, string fileIdProperty)
    {
        var fileId = batch.GetProperty(fileIdProperty).GetString();
        Assert.NotNull(fileId);
        var text = await c.Http.GetStringAsync($"files/{fileId}/content");
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l =>
        {
            using var doc = JsonDocument.Parse(l);
            return doc.RootElement.Clone();
        }).ToList();
    }

    public static (int Total, int Completed, int Failed) Counts(JsonElement batch)
    {
        var counts = batch.GetProperty("request_counts");
        return (counts.GetProperty("total").GetInt32(), counts.GetProperty("completed").GetInt32(), counts.GetProperty("failed").GetInt32());
    }

    public static string CustomId(JsonElement line) => line.GetProperty("custom_id").GetString()!;
}
