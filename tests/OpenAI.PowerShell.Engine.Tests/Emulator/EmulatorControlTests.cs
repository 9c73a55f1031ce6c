using static OpenAI.PowerShell.Engine.Tests.Emulator.BatchTestHelpers;
using static OpenAI.PowerShell.Engine.Tests.Emulator.EmulatorTestClient;

namespace OpenAI.PowerShell.Engine.Tests.Emulator;

/// <summary>The emulator-only /v1/emulator routes that let a script steer batches as in-process tests do.</summary>
public sealed class EmulatorControlTests
{
    [Fact]
    public async Task PauseStepSettingsAndExpire_OverHttp_SteerTheBatchProcessor()
    {
        await using var c = await StartAsync();
        using (var paused = await c.Http.PostAsync("emulator/batches/pause", null))
        {
            Assert.True((await ReadJsonAsync(paused)).GetProperty("paused").GetBoolean());
        }

        using (var settings = await c.Http.PostAsync("emulator/batches/settings", Json(new { fail_every = 3, line_delay_ms = 0 })))
        {
            Assert.Equal(3, (await ReadJsonAsync(settings)).GetProperty("fail_every").GetInt32());
        }

        Assert.Equal(3, c.Server.Batches.FailEveryNthLine);
        var created = await CreateBatchAsync(c, AddChatInput(c, 4));
        var id = created.GetProperty("id").GetString()!;
        using (await c.Http.PostAsync("emulator/batches/step", Json(new { count = 2 })))
        {
        }

        await c.Server.Batches.WaitUntilAsync(id, b => b.CompletedCount == 1);
        using (var expire = await c.Http.PostAsync($"emulator/batches/{id}/expire", null))
        {
            Assert.True((await ReadJsonAsync(expire)).GetProperty("expiring").GetBoolean());
        }

        var batch = await FinishAsync(c, created);
        Assert.Equal("expired", batch.GetProperty("status").GetString());
        Assert.Equal(3, (await ReadLinesAsync(c, batch, "error_file_id")).Count);

        var count = await c.Http.GetStringAsync($"emulator/requests/count?method=GET&path=/v1/batches/{id}");
        Assert.Contains("\"count\":1", count);
        using var unknown = await c.Http.PostAsync("emulator/batches/batch_nope/expire", null);
        await ReadErrorAsync(unknown, 404);
    }

    [Fact]
    public async Task ClockAdvance_OverHttp_MovesTheEmulatorClock()
    {
        await using var c = await StartAsync();
        var before = c.Server.Clock.UtcNow;
        using var response = await c.Http.PostAsync("emulator/clock/advance", Json(new { seconds = 90_000 }));
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(before.AddSeconds(90_000), c.Server.Clock.UtcNow);
    }

    [Fact]
    public async Task Faults_QueuedOverHttp_HitTheNextMatchingCall_NotTheControlRoutes()
    {
        await using var c = await StartAsync();
        using (var queued = await c.Http.PostAsync("emulator/faults", Json(new { status = 503, path_contains = "/batches", retry_after_ms = 20 })))
        {
            Assert.Equal(1, (await ReadJsonAsync(queued)).GetProperty("pending").GetInt32());
        }

        // Queued for any path: the control call that queues the second one is not its target.
        using (await c.Http.PostAsync("emulator/faults", Json(new { kind = "abort_response", after_bytes = 10, method = "GET" })))
        {
        }

        using var faulted = await c.Http.GetAsync("batches");
        Assert.Equal("20", faulted.Headers.GetValues("retry-after-ms").Single());
        Assert.Equal("server_error", (await ReadErrorAsync(faulted, 503)).GetProperty("type").GetString());
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => c.Http.GetStringAsync("files"));
        using var ok = await c.Http.GetAsync("batches");
        Assert.Equal(200, (int)ok.StatusCode);

        using var bad = await c.Http.PostAsync("emulator/faults", Json(new { kind = "explode" }));
        Assert.Equal("kind", (await ReadErrorAsync(bad, 400)).GetProperty("param").GetString());
    }
}
