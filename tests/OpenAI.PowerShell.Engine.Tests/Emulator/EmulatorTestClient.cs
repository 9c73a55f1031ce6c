using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OpenAI.Emulator;

namespace OpenAI.PowerShell.Engine.Tests.Emulator;

/// <summary>Plain-HttpClient helpers for the emulator's own tests (no engine code involved).</summary>
internal sealed class EmulatorTestClient : IAsyncDisposable
{
    private EmulatorTestClient(EmulatorServer server)
    {
        Server = server;
        Http = new HttpClient { BaseAddress = new Uri(server.BaseUri + "/") };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.ApiKey);
    }

    public EmulatorServer Server { get; }
    public HttpClient Http { get; }

    public static async Task<EmulatorTestClient> StartAsync(EmulatorOptions? options = null) =>
        new(await EmulatorServer.StartAsync(options));

    public static StringContent Json(object body) =>
        new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    public static MultipartFormDataContent PartContent(byte[] data)
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(data);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, "data", "part.bin");
        return content;
    }

    public async Task<string> CreateUploadAsync(long bytes)
    {
        using var response = await Http.PostAsync("uploads", Json(new { purpose = "batch", filename = "data.jsonl", bytes, mime_type = "text/jsonl" }));
        var body = await ReadJsonAsync(response);
        Assert.Equal(200, (int)response.StatusCode);
        return body.GetProperty("id").GetString()!;
    }

    public async Task<string> AddPartAsync(string uploadId, byte[] data)
    {
        using var response = await Http.PostAsync($"uploads/{uploadId}/parts", PartContent(data));
        var body = await ReadJsonAsync(response);
        Assert.Equal(200, (int)response.StatusCode);
        return body.GetProperty("id").GetString()!;
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    /// <summary>Asserts OpenAI's error shape (all four keys present) and returns the error object.</summary>
    public static async Task<JsonElement> ReadErrorAsync(HttpResponseMessage response, int status)
    {
        Assert.Equal(status, (int)response.StatusCode);
        var error = (await ReadJsonAsync(response)).GetProperty("error");
        foreach (var key in new[] { "message", "type", "param", "code" })
        {
            Assert.True(error.TryGetProperty(key, out _), $"error JSON lacks '{key}'");
        }

        return error;
    }

    public static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
