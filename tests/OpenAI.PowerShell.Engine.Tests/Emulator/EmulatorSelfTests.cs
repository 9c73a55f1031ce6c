using System.Diagnostics;
using System.Security.Cryptography;
using OpenAI.Emulator;
using static OpenAI.PowerShell.Engine.Tests.Emulator.EmulatorTestClient;

namespace OpenAI.PowerShell.Engine.Tests.Emulator;

/// <summary>The emulator's Uploads behaviour, auth, faults and shaping, checked with a plain HttpClient.</summary>
public sealed class EmulatorSelfTests
{
    [Fact]
    public async Task Lifecycle_TwoParts_CompleteWithMd5_AssemblesBytesInListedOrder()
    {
        await using var c = await StartAsync();
        var first = RandomBytes(3000, 1);
        var second = RandomBytes(2000, 2);
        var uploadId = await c.CreateUploadAsync(first.Length + second.Length);

        // Add out of order; complete decides the order.
        var secondId = await c.AddPartAsync(uploadId, second);
        var firstId = await c.AddPartAsync(uploadId, first);
        var expected = first.Concat(second).ToArray();
        var md5 = Convert.ToHexStringLower(MD5.HashData(expected));

        using var response = await c.Http.PostAsync($"uploads/{uploadId}/complete", Json(new { part_ids = new[] { firstId, secondId }, md5 = md5.ToUpperInvariant() }));
        var body = await ReadJsonAsync(response);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("completed", body.GetProperty("status").GetString());
        var file = body.GetProperty("file");
        var fileId = file.GetProperty("id").GetString()!;
        Assert.StartsWith("file-", fileId);
        Assert.Equal(expected.Length, file.GetProperty("bytes").GetInt64());
        Assert.Equal(expected, c.Server.State.ReadFileContent(fileId));
        Assert.Equal(md5, c.Server.State.GetFileMd5(fileId));
        Assert.Equal("completed", c.Server.State.GetUpload(uploadId)!.Status);
    }

    [Fact]
    public async Task Complete_WithWrongMd5OrWrongByteCount_Is400AndUploadStaysPending()
    {
        await using var c = await StartAsync();
        var uploadId = await c.CreateUploadAsync(100);
        var partId = await c.AddPartAsync(uploadId, RandomBytes(60, 3));

        using var shortResponse = await c.Http.PostAsync($"uploads/{uploadId}/complete", Json(new { part_ids = new[] { partId } }));
        var shortError = await ReadErrorAsync(shortResponse, 400);
        Assert.Contains("does not match", shortError.GetProperty("message").GetString());

        var lastId = await c.AddPartAsync(uploadId, RandomBytes(40, 4));
        using var md5Response = await c.Http.PostAsync($"uploads/{uploadId}/complete", Json(new { part_ids = new[] { partId, lastId }, md5 = new string('0', 32) }));
        var md5Error = await ReadErrorAsync(md5Response, 400);
        Assert.Equal("md5_mismatch", md5Error.GetProperty("code").GetString());

        using var unknown = await c.Http.PostAsync($"uploads/{uploadId}/complete", Json(new { part_ids = new[] { partId, "part_nope" } }));
        Assert.Equal("part_ids", (await ReadErrorAsync(unknown, 400)).GetProperty("param").GetString());
        Assert.Equal("pending", c.Server.State.GetUpload(uploadId)!.Status);
    }

    [Fact]
    public async Task WrongKey_Is401InOpenAIShape_WithoutEchoingTheKey()
    {
        await using var c = await StartAsync();
        const string badKey = "sk-wrong-key-0123456789abcdef";
        using var request = new HttpRequestMessage(HttpMethod.Post, "uploads") { Content = Json(new { }) };
        request.Headers.Authorization = new("Bearer", badKey);
        request.Headers.Add("OpenAI-Organization", "org-test");

        using var response = await c.Http.SendAsync(request);
        var error = await ReadErrorAsync(response, 401);

        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("invalid_api_key", error.GetProperty("code").GetString());
        Assert.DoesNotContain("0123456789", error.GetProperty("message").GetString());
        Assert.Matches("^req_[0-9a-f]{32}$", response.Headers.GetValues("x-request-id").Single());
        var recorded = Assert.Single(c.Server.Requests.All);
        Assert.Equal(401, recorded.Status);
        Assert.Equal("[redacted]", recorded.Headers["Authorization"]);
        Assert.Equal("org-test", recorded.Headers["OpenAI-Organization"]);
    }

    [Fact]
    public async Task PartAfterCancel_Is400_AndPartOverLimit_Is400PartTooLarge()
    {
        await using var c = await StartAsync(new EmulatorOptions { MaxPartBytes = 1024 });
        var uploadId = await c.CreateUploadAsync(4096);

        using (var tooLarge = await c.Http.PostAsync($"uploads/{uploadId}/parts", PartContent(new byte[1025])))
        {
            Assert.Equal("part_too_large", (await ReadErrorAsync(tooLarge, 400)).GetProperty("code").GetString());
        }

        using (var cancel = await c.Http.PostAsync($"uploads/{uploadId}/cancel", null))
        {
            Assert.Equal("cancelled", (await ReadJsonAsync(cancel)).GetProperty("status").GetString());
        }

        using var late = await c.Http.PostAsync($"uploads/{uploadId}/parts", PartContent(new byte[10]));
        Assert.Contains("cancelled", (await ReadErrorAsync(late, 400)).GetProperty("message").GetString());
    }

    [Fact]
    public async Task PartBeyondTheDeclaredBytes_IsStored_CompleteCountsOnlyTheListedParts_AndTheUploadMaximumIsRefused()
    {
        await using var c = await StartAsync(new EmulatorOptions { MaxUploadBytes = 200 });
        var data = RandomBytes(100, 5);
        var uploadId = await c.CreateUploadAsync(data.Length);

        // As after an answer that was lost: the same bytes twice, 200 of 100 declared.
        await c.AddPartAsync(uploadId, data);
        var resentId = await c.AddPartAsync(uploadId, data);
        using (var full = await c.Http.PostAsync($"uploads/{uploadId}/parts", PartContent(new byte[1])))
        {
            Assert.Equal("upload_bytes_exceeded", (await ReadErrorAsync(full, 400)).GetProperty("code").GetString());
        }

        using var response = await c.Http.PostAsync($"uploads/{uploadId}/complete", Json(new { part_ids = new[] { resentId } }));
        var fileId = (await ReadJsonAsync(response)).GetProperty("file").GetProperty("id").GetString()!;
        Assert.Equal(data, c.Server.State.ReadFileContent(fileId));
    }

    [Fact]
    public async Task ExpiredUpload_RefusesParts()
    {
        await using var c = await StartAsync();
        var uploadId = await c.CreateUploadAsync(10);
        c.Server.Clock.Advance(TimeSpan.FromHours(1));

        using var response = await c.Http.PostAsync($"uploads/{uploadId}/parts", PartContent(new byte[10]));

        await ReadErrorAsync(response, 400);
        Assert.Equal("expired", c.Server.State.GetUpload(uploadId)!.Status);
    }

    [Fact]
    public async Task StatusFault_FiresOnce_WithHeadersAndErrorBody()
    {
        await using var c = await StartAsync();
        c.Server.Faults.Enqueue(Fault.Http(429, "/uploads", new Dictionary<string, string> { ["retry-after-ms"] = "10" }));

        using var faulted = await c.Http.PostAsync("uploads", Json(new { purpose = "batch", filename = "a", bytes = 1, mime_type = "text/plain" }));
        var error = await ReadErrorAsync(faulted, 429);
        Assert.Equal("10", faulted.Headers.GetValues("retry-after-ms").Single());
        Assert.Equal("rate_limit_exceeded", error.GetProperty("code").GetString());

        await c.CreateUploadAsync(1);
        Assert.Equal(1, c.Server.Faults.Injected);
        Assert.Equal(2, c.Server.Requests.Count("POST", "/v1/uploads"));
    }

    [Fact]
    public async Task AbortRequestFault_DropsTheConnection_AndNothingIsStored()
    {
        await using var c = await StartAsync();
        var uploadId = await c.CreateUploadAsync(200_000);
        c.Server.Faults.Enqueue(Fault.AbortRequest("/parts", 50_000));

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => c.Http.PostAsync($"uploads/{uploadId}/parts", PartContent(new byte[200_000])));

        Assert.Empty(c.Server.State.GetUpload(uploadId)!.Parts);
        // The server logs an aborted request when its handler unwinds, which may be after the client saw the reset.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!c.Server.Requests.All.Any(r => r.Path.EndsWith("/parts", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.Contains(c.Server.Requests.All, r => r.Path.EndsWith("/parts", StringComparison.Ordinal) && r.Status == 0);
    }

    [Fact]
    public async Task BandwidthCap_PacesRequestBodies()
    {
        await using var c = await StartAsync();
        var data = new byte[2 * 1024 * 1024];
        var uploadId = await c.CreateUploadAsync(data.Length);
        c.Server.Shaping.BandwidthBytesPerSecond = 4 * 1024 * 1024;

        var watch = Stopwatch.StartNew();
        await c.AddPartAsync(uploadId, data);
        watch.Stop();

        // 2 MiB at 4 MiB/s is 0.5 s; the bound is loose for slow machines but fails when uncapped.
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.4), $"took {watch.Elapsed.TotalSeconds:F3} s");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed.TotalSeconds:F3} s");
    }

    [Fact]
    public async Task SlowFault_DelaysOnlyTheMatchingRequest()
    {
        await using var c = await StartAsync();
        c.Server.Faults.Enqueue(Fault.Slow("/uploads", TimeSpan.FromMilliseconds(300), method: "POST"));

        var watch = Stopwatch.StartNew();
        await c.CreateUploadAsync(1);
        var slow = watch.Elapsed;
        watch.Restart();
        await c.CreateUploadAsync(1);

        Assert.True(slow >= TimeSpan.FromMilliseconds(250), $"took {slow.TotalMilliseconds:F0} ms");
        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(250), $"took {watch.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task HoldAnswerFault_StoresThePart_ButSendsNothingUntilTheDelayEnds()
    {
        await using var c = await StartAsync();
        var uploadId = await c.CreateUploadAsync(10);
        c.Server.Faults.Enqueue(Fault.HoldAnswer("/parts", TimeSpan.FromSeconds(30)));
        using var giveUp = new CancellationTokenSource();

        using var request = new HttpRequestMessage(HttpMethod.Post, $"uploads/{uploadId}/parts") { Content = PartContent(new byte[10]) };
        var sending = c.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, giveUp.Token);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (c.Server.State.GetUpload(uploadId)!.Parts.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        await Task.Delay(200);

        Assert.Single(c.Server.State.GetUpload(uploadId)!.Parts);
        Assert.False(sending.IsCompleted, "not even the answer's headers may arrive while it is held");
        giveUp.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
    }
}
