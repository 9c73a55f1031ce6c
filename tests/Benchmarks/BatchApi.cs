using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Benchmarks;

/// <summary>
/// The few Batch, File and emulator control calls the batch sections make themselves (setting up
/// batches, counting the module's requests), by plain HttpClient so none of it is the module's code.
/// </summary>
internal sealed class BatchApi : IDisposable
{
    private readonly HttpClient _http;

    public BatchApi(Uri baseUri, string key)
    {
        _http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromMinutes(10) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
    }

    public async Task<string> UploadAsync(string path, CancellationToken ct, string purpose = "batch")
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(purpose), "purpose");
        await using var stream = File.OpenRead(path);
        var file = new StreamContent(stream, 1 << 20);
        file.Headers.ContentType = new MediaTypeHeaderValue(purpose == "batch" ? "application/jsonl" : "image/png");
        form.Add(file, "file", Path.GetFileName(path));
        using var answer = await SendAsync(HttpMethod.Post, "files", form, ct);
        return answer.RootElement.GetProperty("id").GetString()!;
    }

    public async Task<string> CreateBatchAsync(string fileId, CancellationToken ct, string endpoint = "/v1/chat/completions")
    {
        using var answer = await PostJsonAsync("batches",
            new { input_file_id = fileId, endpoint, completion_window = "24h" }, ct);
        return answer.RootElement.GetProperty("id").GetString()!;
    }

    public async Task<JsonElement> GetBatchAsync(string id, CancellationToken ct)
    {
        using var answer = await SendAsync(HttpMethod.Get, $"batches/{id}", null, ct);
        return answer.RootElement.Clone();
    }

    /// <summary>Polls (every 250 ms) until the batch is over; never while the module's polls are being counted.</summary>
    public async Task<JsonElement> WaitTerminalAsync(string id, TimeSpan timeout, CancellationToken ct)
    {
        var end = DateTime.UtcNow + timeout;
        while (true)
        {
            var batch = await GetBatchAsync(id, ct);
            if (batch.GetProperty("status").GetString() is "completed" or "failed" or "expired" or "cancelled")
            {
                return batch;
            }
            if (DateTime.UtcNow > end)
            {
                throw new TimeoutException($"Batch {id} is still {batch.GetProperty("status").GetString()} after {timeout.TotalSeconds:0} s.");
            }
            await Task.Delay(250, ct);
        }
    }

    public async Task<JsonElement> GetFileAsync(string id, CancellationToken ct)
    {
        using var answer = await SendAsync(HttpMethod.Get, $"files/{id}", null, ct);
        return answer.RootElement.Clone();
    }

    /// <summary>The ids of every File (of one purpose, when given), oldest first.</summary>
    public async Task<List<string>> ListFileIdsAsync(string? purpose, CancellationToken ct)
    {
        using var answer = await SendAsync(HttpMethod.Get, "files?order=asc" + (purpose is null ? "" : "&purpose=" + Uri.EscapeDataString(purpose)), null, ct);
        return answer.RootElement.GetProperty("data").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToList();
    }

    public async Task CancelAsync(string id, CancellationToken ct)
    {
        using var response = await _http.PostAsync($"batches/{id}/cancel", null, ct);
        // A batch already over answers 400: nothing to cancel.
    }

    public async Task DeleteFileAsync(string id, CancellationToken ct)
    {
        using var response = await _http.DeleteAsync($"files/{id}", ct);
    }

    public async Task DownloadAsync(string fileId, string path, CancellationToken ct)
    {
        using var response = await _http.GetAsync($"files/{fileId}/content", HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        await using var target = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        await response.Content.CopyToAsync(target, ct);
    }

    public Task PauseAsync(CancellationToken ct) => ControlAsync("emulator/batches/pause", null, ct);
    public Task ResumeAsync(CancellationToken ct) => ControlAsync("emulator/batches/resume", null, ct);

    /// <param name="imageNoiseBytes">Above 0, batch image lines answer with incompressible PNGs of about this size.</param>
    public Task SettingsAsync(int lineDelayMs, int stepDelayMs, CancellationToken ct, int imageNoiseBytes = 0) =>
        ControlAsync("emulator/batches/settings", new
        {
            line_delay_ms = lineDelayMs, step_delay_ms = stepDelayMs, fail_every = 0, fail_share = 0.0, image_noise_bytes = imageNoiseBytes,
        }, ct);

    /// <summary>Requests the emulator received with this method whose path contains the text.</summary>
    public async Task<int> CountAsync(string method, string pathContains, CancellationToken ct)
    {
        using var answer = await SendAsync(HttpMethod.Get,
            $"emulator/requests/count?method={Uri.EscapeDataString(method)}&path={Uri.EscapeDataString(pathContains)}", null, ct);
        return answer.RootElement.GetProperty("count").GetInt32();
    }

    private async Task ControlAsync(string path, object? body, CancellationToken ct)
    {
        using var answer = await PostJsonAsync(path, body ?? new { }, ct);
    }

    private Task<JsonDocument> PostJsonAsync(string path, object body, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, path, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"), ct);

    private async Task<JsonDocument> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await _http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
        }
        return JsonDocument.Parse(text);
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>Batch input files for the batch sections: chat requests whose echoed answers make output lines of a chosen size.</summary>
internal static class EchoBatchFile
{
    /// <summary>What an output line adds around the echoed text (ids, usage, the envelope); measured on the emulator's lines.</summary>
    public const int OutputOverhead = 440;

    /// <summary>Writes <paramref name="lines"/> requests whose echoed answers are <paramref name="textChars"/> ASCII characters plus "Echo: ".</summary>
    public static long Write(string path, int lines, int textChars, int seed)
    {
        var random = new Random(seed);
        string[] words = ["review", "the", "order", "below", "and", "answer", "briefly", "whether", "it", "arrived", "on", "time", "customer", "refund", "label"];
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var line = new MemoryStream();
        var text = new StringBuilder(textChars + 16);
        for (var i = 1; i <= lines; i++)
        {
            text.Clear();
            while (text.Length < textChars)
            {
                text.Append(words[random.Next(words.Length)]).Append(' ');
            }
            text.Length = textChars;
            line.SetLength(0);
            using (var writer = new Utf8JsonWriter(line))
            {
                writer.WriteStartObject();
                writer.WriteString("custom_id", "r" + i);
                writer.WriteString("method", "POST");
                writer.WriteString("url", "/v1/chat/completions");
                writer.WriteStartObject("body");
                writer.WriteString("model", "gpt-4o-mini");
                writer.WriteStartArray("messages");
                writer.WriteStartObject();
                writer.WriteString("role", "user");
                writer.WriteString("content", text.ToString());
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            line.WriteByte((byte)'\n');
            line.Position = 0;
            line.CopyTo(file);
        }
        return file.Length;
    }
}
