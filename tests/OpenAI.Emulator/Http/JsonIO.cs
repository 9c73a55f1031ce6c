using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenAI.Emulator.Logging;

namespace OpenAI.Emulator.Http;

/// <summary>Reads small JSON request bodies and writes JSON responses with a Content-Length.</summary>
internal static class JsonIO
{
    // Data URLs for image edits may reach 20 MB; anything bigger is not a real request.
    private const int MaxJsonBytes = 64 * 1024 * 1024;

    public static async Task<JsonElement> ReadObjectAsync(HttpContext ctx)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await ctx.Request.Body.ReadAsync(chunk, ctx.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxJsonBytes)
            {
                throw EmulatorException.BadRequest("The JSON body of your request is too large.");
            }

            buffer.Write(chunk, 0, read);
        }

        var text = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        ctx.Features.Get<RequestRecording>()?.SetJsonBody(text);
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw NotParsable();
            }

            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw NotParsable();
        }
    }

    private static EmulatorException NotParsable() => EmulatorException.BadRequest(
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your " +
        "HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)");

    /// <summary>Like OpenAI: no \u0027-style escaping of quotes, '+' or non-ASCII text.</summary>
    public static readonly JsonSerializerOptions Output = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(HttpContext ctx, JsonNode body, int status = StatusCodes.Status200OK)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString(Output));
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength = bytes.Length;
        await ctx.Response.Body.WriteAsync(bytes, ctx.RequestAborted);
    }

    // Typed accessors that answer with OpenAI-style 400s on a wrong type.
    public static string? OptionalString(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return v.ValueKind == JsonValueKind.String ? v.GetString() : throw EmulatorException.InvalidType(name, "a string");
    }

    public static string RequiredString(JsonElement obj, string name) =>
        OptionalString(obj, name) ?? throw EmulatorException.Missing(name);

    public static long? OptionalInteger(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n)
            ? n
            : throw EmulatorException.InvalidType(name, "an integer");
    }

    public static bool? OptionalBool(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw EmulatorException.InvalidType(name, "a boolean"),
        };
    }
}
