using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Uploads;

namespace Benchmarks;

/// <summary>What one upload took: the whole (create, parts, complete) and the parts alone.</summary>
internal readonly record struct UploadTiming(double TotalSeconds, double PartsSeconds, string FileId);

/// <summary>The engine's own path: create, PartSender with a progress meter and md5 beside it, complete.</summary>
internal sealed class EngineUploader
{
    private readonly UploadService _service;

    public EngineUploader(Uri baseUri, string key)
    {
        Client = new OpenAIClient(new ClientSettings
        {
            ApiKey = ApiKey.From(key), BaseUri = baseUri, MaxRetries = 3, Timeout = TimeSpan.FromMinutes(10),
        });
        _service = new UploadService(Client);
    }

    public OpenAIClient Client { get; }
    public UploadService Service => _service;

    public async Task<UploadTiming> UploadAsync(string path, long partSize, int throttleLimit, bool md5On, CancellationToken ct)
    {
        var length = new FileInfo(path).Length;
        var total = Stopwatch.StartNew();
        var upload = await _service.CreateAsync(new CreateUploadRequest
        {
            Purpose = "batch", FileName = Path.GetFileName(path), Bytes = length, MimeType = "application/jsonl",
        }, ct);
        var plan = PartPlan.ForFile(length, partSize);
        var meter = new ProgressMeter(Path.GetFileName(path), length, plan.Count);
        using var hash = new OrderedMd5();
        var parts = Stopwatch.StartNew();
        var sent = await PartSender.SendAsync(_service, upload.Id, path, plan, throttleLimit, md5On ? hash : null, length, 0, meter, null, null, ct);
        parts.Stop();
        var md5 = md5On ? hash.TryFinish(length) ?? throw new InvalidOperationException("The md5 was not complete.") : null;
        var done = await _service.CompleteAsync(upload.Id, sent.Select(p => p.Id).ToList(), md5, ct);
        total.Stop();
        return new UploadTiming(total.Elapsed.TotalSeconds, parts.Elapsed.TotalSeconds, done.File?.Id ?? "");
    }
}

/// <summary>
/// Plain HttpClient calls for the comparison uploaders. The Python pattern (openai-python's
/// upload_file_chunked) reads each part whole into memory and sends one part at a time.
/// </summary>
internal sealed class RawUploadClient : IDisposable
{
    private readonly HttpClient _http;

    public RawUploadClient(Uri baseUri, string key)
    {
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 })
        {
            BaseAddress = baseUri,
            Timeout = TimeSpan.FromMinutes(30),
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
    }

    public async Task<string> CreateAsync(string fileName, long bytes, CancellationToken ct)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["purpose"] = "batch", ["filename"] = fileName, ["bytes"] = bytes, ["mime_type"] = "application/jsonl",
        });
        return await PostJsonAsync("uploads", body, "id", ct);
    }

    public async Task<string> CompleteAsync(string uploadId, IReadOnlyList<string> partIds, string? md5, CancellationToken ct)
    {
        var payload = new Dictionary<string, object> { ["part_ids"] = partIds };
        if (md5 is not null)
        {
            payload["md5"] = md5;
        }
        using var doc = JsonDocument.Parse(await PostAsync($"uploads/{uploadId}/complete",
            new StringContent(JsonSerializer.Serialize(payload), Encoding.UTF8, "application/json"), ct));
        return doc.RootElement.GetProperty("file").GetProperty("id").GetString() ?? "";
    }

    /// <summary>One upload the way openai-python does it: part after part, each part a byte[].</summary>
    public async Task<UploadTiming> SequentialUploadAsync(string path, long partSize, CancellationToken ct)
    {
        var length = new FileInfo(path).Length;
        var total = Stopwatch.StartNew();
        var uploadId = await CreateAsync(Path.GetFileName(path), length, ct);
        var parts = Stopwatch.StartNew();
        var ids = new List<string>();
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
        {
            for (long offset = 0; offset < length; offset += partSize)
            {
                var data = new byte[Math.Min(partSize, length - offset)];
                file.ReadExactly(data);
                var form = new MultipartFormDataContent { { new ByteArrayContent(data), "data", "part" } };
                using var doc = JsonDocument.Parse(await PostAsync($"uploads/{uploadId}/parts", form, ct));
                ids.Add(doc.RootElement.GetProperty("id").GetString()!);
            }
        }
        parts.Stop();
        // openai-python sends md5 only when the caller passes one; the default sends none.
        var fileId = await CompleteAsync(uploadId, ids, null, ct);
        total.Stop();
        return new UploadTiming(total.Elapsed.TotalSeconds, parts.Elapsed.TotalSeconds, fileId);
    }

    private async Task<string> PostJsonAsync(string path, string json, string property, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(await PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), ct));
        return doc.RootElement.GetProperty(property).GetString()!;
    }

    private async Task<string> PostAsync(string path, HttpContent content, CancellationToken ct)
    {
        using (content)
        {
            using var response = await _http.PostAsync(path, content, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"POST {path}: {(int)response.StatusCode} {text}");
            }
            return text;
        }
    }

    public void Dispose() => _http.Dispose();
}
