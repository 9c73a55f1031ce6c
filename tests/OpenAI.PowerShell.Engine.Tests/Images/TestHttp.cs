using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OpenAI.PowerShell.Http;

namespace OpenAI.PowerShell.Engine.Tests.Images;

/// <summary>What a handler saw of one request; the body is read in full so it can be inspected.</summary>
internal sealed class RecordedRequest
{
    public HttpMethod Method { get; init; } = HttpMethod.Get;
    public Uri Uri { get; init; } = new("http://invalid");
    public string? Authorization { get; init; }
    public string? ContentType { get; init; }
    public MediaTypeHeaderValue? ContentTypeHeader { get; init; }
    public byte[] Body { get; init; } = Array.Empty<byte>();
    public string BodyText => Encoding.UTF8.GetString(Body);

    public IReadOnlyList<FormPart> Parts() => MultipartParser.Parse(Body, ContentTypeHeader!);
}

/// <summary>Answers each request with the next response from a function, and records the request.</summary>
internal sealed class RecordingHandler : HttpMessageHandler
{
    private readonly Func<RecordedRequest, int, HttpResponseMessage> _respond;

    public RecordingHandler(Func<RecordedRequest, int, HttpResponseMessage> respond) => _respond = respond;

    public List<RecordedRequest> Requests { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? Array.Empty<byte>() : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var recorded = new RecordedRequest
        {
            Method = request.Method,
            Uri = request.RequestUri!,
            Authorization = request.Headers.Authorization?.ToString(),
            ContentType = request.Content?.Headers.ContentType?.MediaType,
            ContentTypeHeader = request.Content?.Headers.ContentType,
            Body = body,
        };
        lock (Requests)
        {
            Requests.Add(recorded);
        }
        return _respond(recorded, Requests.Count);
    }
}

/// <summary>Fails the test if anything is sent: checks must stop a bad request before the network.</summary>
internal sealed class NoSendHandler : HttpMessageHandler
{
    public int Calls;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Calls);
        throw new Xunit.Sdk.XunitException($"A request was sent ({request.Method} {request.RequestUri}) although a check should have stopped it.");
    }
}

internal sealed record FormPart(string Name, string? FileName, string? ContentType, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);
}

/// <summary>A small multipart/form-data reader for asserting what went on the wire.</summary>
internal static class MultipartParser
{
    public static IReadOnlyList<FormPart> Parse(byte[] body, MediaTypeHeaderValue contentType)
    {
        var boundary = contentType.Parameters.Single(p => p.Name == "boundary").Value!.Trim('"');
        var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var parts = new List<FormPart>();
        var position = IndexOf(body, delimiter, 0);
        while (position >= 0)
        {
            var start = position + delimiter.Length;
            if (start + 1 < body.Length && body[start] == '-' && body[start + 1] == '-')
            {
                break;
            }
            start += 2; // CRLF after the delimiter
            var next = IndexOf(body, delimiter, start);
            var headerEnd = IndexOf(body, "\r\n\r\n"u8.ToArray(), start);
            var headers = Encoding.UTF8.GetString(body, start, headerEnd - start).Split("\r\n");
            var contentStart = headerEnd + 4;
            var content = body.AsSpan(contentStart, next - 2 - contentStart).ToArray();
            var disposition = headers.Single(h => h.StartsWith("Content-Disposition:", StringComparison.OrdinalIgnoreCase));
            var parsed = ContentDispositionHeaderValue.Parse(disposition.Substring(disposition.IndexOf(':') + 1).Trim());
            var type = headers.FirstOrDefault(h => h.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase));
            parts.Add(new FormPart(parsed.Name!.Trim('"'), parsed.FileName?.Trim('"'), type?.Substring(type.IndexOf(':') + 1).Trim(), content));
            position = next;
        }
        return parts;
    }

    private static int IndexOf(byte[] haystack, byte[] needle, int from) =>
        from > haystack.Length ? -1 : haystack.AsSpan(from).IndexOf(needle) is var i and >= 0 ? i + from : -1;
}

internal static class TestClients
{
    public static ClientSettings Settings(int maxRetries = 0) => new()
    {
        ApiKey = ApiKey.From("sk-test-123456789"),
        BaseUri = new Uri("http://127.0.0.1:1/v1"),
        MaxRetries = maxRetries,
    };

    public static OpenAIClient Client(HttpMessageHandler handler, int maxRetries = 0) =>
        new(Settings(maxRetries), retry: new RetryPolicy(maxRetries) { Delay = (_, _) => Task.CompletedTask }, http: new HttpClient(handler));

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage EventStream(string text) =>
        new(HttpStatusCode.OK) { Content = new StringContent(text, Encoding.UTF8, "text/event-stream") };
}
