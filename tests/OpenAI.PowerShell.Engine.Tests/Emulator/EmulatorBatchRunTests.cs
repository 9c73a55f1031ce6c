using System.Text;
using System.Text.Json;
using OpenAI.Emulator;
using static OpenAI.PowerShell.Engine.Tests.Emulator.BatchTestHelpers;
using static OpenAI.PowerShell.Engine.Tests.Emulator.EmulatorTestClient;

namespace OpenAI.PowerShell.Engine.Tests.Emulator;

/// <summary>The batch processor: lines run to completion, failing shares, cancel, expiry, bad input files.</summary>
public sealed class EmulatorBatchRunTests
{
    [Fact]
    public async Task GoodBatch_GoesThroughToCompleted_WithCountsTimestampsAndOneOutputLinePerRequest()
    {
        await using var c = await StartAsync();
        var created = await CreateBatchAsync(c, AddChatInput(c, 3));
        var batchId = created.GetProperty("id").GetString()!;

        var batch = await FinishAsync(c, created);

        Assert.Equal("completed", batch.GetProperty("status").GetString());
        Assert.Equal((3, 3, 0), Counts(batch));
        Assert.Equal("gpt-4o-mini", batch.GetProperty("model").GetString());
        Assert.Equal(JsonValueKind.Null, batch.GetProperty("error_file_id").ValueKind);
        Assert.Equal(JsonValueKind.Null, batch.GetProperty("errors").ValueKind);
        foreach (var key in new[] { "in_progress_at", "finalizing_at", "completed_at" })
        {
            Assert.Equal(JsonValueKind.Number, batch.GetProperty(key).ValueKind);
        }

        var lines = await ReadLinesAsync(c, batch, "output_file_id");
        Assert.Equal(["r1", "r2", "r3"], lines.Select(CustomId));
        var first = lines[0];
        Assert.StartsWith("batch_req_", first.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("error").ValueKind);
        var response = first.GetProperty("response");
        Assert.Equal(200, response.GetProperty("status_code").GetInt32());
        Assert.StartsWith("req_", response.GetProperty("request_id").GetString());
        Assert.Equal("Echo: hello 1", response.GetProperty("body").GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());

        var output = c.Server.State.FindFile(batch.GetProperty("output_file_id").GetString()!)!;
        Assert.Equal("batch_output", output.Purpose);
        Assert.Equal($"{batchId}_output.jsonl", output.FileName);

        // Polls are logged like any request, so client tests can count them.
        await GetBatchAsync(c, batchId);
        Assert.Equal(2, c.Server.Requests.Count("GET", $"/v1/batches/{batchId}"));
    }

    [Fact]
    public async Task FailingShare_SendsEveryNthLineToTheErrorFile_WithTheApiErrorBody()
    {
        await using var c = await StartAsync(new EmulatorOptions { BatchFailEveryNthLine = 2 });

        var batch = await FinishAsync(c, await CreateBatchAsync(c, AddChatInput(c, 5)));

        Assert.Equal("completed", batch.GetProperty("status").GetString());
        Assert.Equal((5, 3, 2), Counts(batch));
        Assert.Equal(["r1", "r3", "r5"], (await ReadLinesAsync(c, batch, "output_file_id")).Select(CustomId));
        var errors = await ReadLinesAsync(c, batch, "error_file_id");
        Assert.Equal(["r2", "r4"], errors.Select(CustomId));
        var response = errors[0].GetProperty("response");
        Assert.Equal(500, response.GetProperty("status_code").GetInt32());
        Assert.Equal("server_error", response.GetProperty("body").GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task FailingShare_WithASeed_FailsTheSameLinesEveryRun()
    {
        await using var c = await StartAsync(new EmulatorOptions { BatchFailShare = 0.5, BatchFailSeed = 42 });
        var fileId = AddChatInput(c, 20);

        var first = await FinishAsync(c, await CreateBatchAsync(c, fileId));
        var second = await FinishAsync(c, await CreateBatchAsync(c, fileId));

        var (_, completed, failed) = Counts(first);
        Assert.InRange(failed, 3, 17);
        Assert.Equal(20, completed + failed);
        Assert.Equal(
            (await ReadLinesAsync(c, first, "error_file_id")).Select(CustomId),
            (await ReadLinesAsync(c, second, "error_file_id")).Select(CustomId));
    }

    [Fact]
    public async Task AllLinesFailing_LeavesOutputFileIdNull()
    {
        await using var c = await StartAsync();
        c.Server.Batches.FailEveryNthLine = 1;
        c.Server.Batches.FailStatus = 400;

        var batch = await FinishAsync(c, await CreateBatchAsync(c, AddChatInput(c, 2)));

        Assert.Equal("completed", batch.GetProperty("status").GetString());
        Assert.Equal((2, 0, 2), Counts(batch));
        Assert.Equal(JsonValueKind.Null, batch.GetProperty("output_file_id").ValueKind);
        var errors = await ReadLinesAsync(c, batch, "error_file_id");
        Assert.All(errors, e => Assert.Equal(400, e.GetProperty("response").GetProperty("status_code").GetInt32()));
    }

    [Fact]
    public async Task LineTheEndpointRefuses_GoesToTheErrorFileWithItsValidationError()
    {
        await using var c = await StartAsync();
        var lines = ChatLine("good", "hi") + "\n" +
                    JsonSerializer.Serialize(new { custom_id = "no-messages", method = "POST", url = "/v1/chat/completions", body = new { model = "m" } });
        var batch = await FinishAsync(c, await CreateBatchAsync(c, c.Server.State.AddFile(Encoding.UTF8.GetBytes(lines))));

        Assert.Equal((2, 1, 1), Counts(batch));
        var error = Assert.Single(await ReadLinesAsync(c, batch, "error_file_id"));
        Assert.Equal(400, error.GetProperty("response").GetProperty("status_code").GetInt32());
        Assert.Equal("messages", error.GetProperty("response").GetProperty("body").GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task Cancel_StopsAfterTheLinesRun_AndWritesOnlyTheirResults()
    {
        await using var c = await StartAsync();
        c.Server.Batches.Pause();
        var created = await CreateBatchAsync(c, AddChatInput(c, 5));
        var id = created.GetProperty("id").GetString()!;

        c.Server.Batches.Step(3); // validation, then two lines
        await c.Server.Batches.WaitUntilAsync(id, b => b.CompletedCount == 2);
        Assert.Equal("in_progress", (await GetBatchAsync(c, id)).GetProperty("status").GetString());

        using var cancel = await c.Http.PostAsync($"batches/{id}/cancel", null);
        var cancelling = await ReadJsonAsync(cancel);
        Assert.Equal(200, (int)cancel.StatusCode);
        Assert.Contains(cancelling.GetProperty("status").GetString(), new[] { "cancelling", "cancelled" });
        Assert.Equal(JsonValueKind.Number, cancelling.GetProperty("cancelling_at").ValueKind);

        var batch = await FinishAsync(c, created);
        Assert.Equal("cancelled", batch.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Number, batch.GetProperty("cancelled_at").ValueKind);
        Assert.Equal((5, 2, 0), Counts(batch));
        Assert.Equal(["r1", "r2"], (await ReadLinesAsync(c, batch, "output_file_id")).Select(CustomId));
        Assert.Equal(JsonValueKind.Null, batch.GetProperty("error_file_id").ValueKind);

        using var again = await c.Http.PostAsync($"batches/{id}/cancel", null);
        await ReadErrorAsync(again, 400);
    }

    [Fact]
    public async Task Expire_KeepsResultsSoFar_AndListsTheLinesNotRunAsBatchExpired()
    {
        await using var c = await StartAsync();
        c.Server.Batches.Pause();
        var created = await CreateBatchAsync(c, AddChatInput(c, 5));
        var id = created.GetProperty("id").GetString()!;
        c.Server.Batches.Step(3);
        await c.Server.Batches.WaitUntilAsync(id, b => b.CompletedCount == 2);

        Assert.True(c.Server.Batches.Expire(id));
        var batch = await FinishAsync(c, created);

        Assert.Equal("expired", batch.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Number, batch.GetProperty("expired_at").ValueKind);
        Assert.Equal(["r1", "r2"], (await ReadLinesAsync(c, batch, "output_file_id")).Select(CustomId));
        var expired = await ReadLinesAsync(c, batch, "error_file_id");
        Assert.Equal(["r3", "r4", "r5"], expired.Select(CustomId));
        Assert.All(expired, e =>
        {
            Assert.Equal(JsonValueKind.Null, e.GetProperty("response").ValueKind);
            Assert.Equal("batch_expired", e.GetProperty("error").GetProperty("code").GetString());
        });
        Assert.False(c.Server.Batches.Expire(id));
    }

    [Fact]
    public async Task MovingTheClockPastExpiresAt_ExpiresAWaitingBatch()
    {
        await using var c = await StartAsync();
        c.Server.Batches.Pause();
        var created = await CreateBatchAsync(c, AddChatInput(c, 2));

        c.Server.Clock.Advance(TimeSpan.FromHours(24));
        var batch = await FinishAsync(c, created);

        Assert.Equal("expired", batch.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, batch.GetProperty("output_file_id").ValueKind);
        Assert.Equal(["r1", "r2"], (await ReadLinesAsync(c, batch, "error_file_id")).Select(CustomId));
    }

    [Fact]
    public async Task BadInputFile_EndsInFailed_WithAnErrorPerBadLine()
    {
        await using var c = await StartAsync();
        var lines = string.Join("\n",
            ChatLine("a", "fine"),
            "{not json",
            ChatLine("a", "again"),
            ChatLine("b", "wrong url", "/v1/embeddings"),
            ChatLine("c", "no such url", "/v1/nowhere"),
            JsonSerializer.Serialize(new { custom_id = "d", method = "GET", url = "/v1/chat/completions", body = new { } }));
        var created = await CreateBatchAsync(c, c.Server.State.AddFile(Encoding.UTF8.GetBytes(lines)));

        var batch = await FinishAsync(c, created);

        Assert.Equal("failed", batch.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Number, batch.GetProperty("failed_at").ValueKind);
        var errors = batch.GetProperty("errors");
        Assert.Equal("list", errors.GetProperty("object").GetString());
        var codes = errors.GetProperty("data").EnumerateArray()
            .Select(e => (e.GetProperty("code").GetString(), e.GetProperty("line").GetInt32())).ToArray();
        Assert.Equal([("invalid_json_line", 2), ("duplicate_custom_id", 3), ("mismatched_endpoint", 4), ("invalid_url", 5), ("invalid_method", 6)], codes);
        Assert.Equal(JsonValueKind.Null, batch.GetProperty("output_file_id").ValueKind);
    }

    [Theory]
    [InlineData("vision", "invalid_file_purpose")]
    [InlineData("batch", "too_many_requests")]
    public async Task InputFileOfTheWrongPurposeOrTooManyLines_EndsInFailed(string purpose, string code)
    {
        await using var c = await StartAsync(new EmulatorOptions { BatchMaxLines = 2 });
        var fileId = c.Server.State.AddFile(Encoding.UTF8.GetBytes(string.Join("\n", Enumerable.Range(1, 3).Select(i => ChatLine($"r{i}", "x")))), purpose);

        var batch = await FinishAsync(c, await CreateBatchAsync(c, fileId));

        Assert.Equal("failed", batch.GetProperty("status").GetString());
        Assert.Equal(code, batch.GetProperty("errors").GetProperty("data")[0].GetProperty("code").GetString());
    }
}
