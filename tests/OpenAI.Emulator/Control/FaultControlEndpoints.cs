using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenAI.Emulator.Http;

namespace OpenAI.Emulator.Control;

/// <summary>
/// Emulator-only routes to queue one-shot faults over HTTP, as <see cref="FaultInjector.Enqueue"/> does
/// in-process, so a script can test its retries. The control routes themselves are never faulted.
/// </summary>
internal static class FaultControlEndpoints
{
    public static void Map(IEndpointRouteBuilder app, FaultInjector faults)
    {
        // {"kind":"status"|"abort_response"|"slow", "status", "path_contains", "method", "code", "type",
        //  "message", "retry_after_ms", "retry_after", "after_bytes", "delay_ms", "skip_matches"}
        app.MapPost("/v1/emulator/faults", async ctx =>
        {
            faults.Enqueue(Read(await JsonIO.ReadObjectAsync(ctx)));
            await JsonIO.WriteAsync(ctx, new JsonObject { ["pending"] = faults.Pending, ["injected"] = faults.Injected });
        });

        app.MapDelete("/v1/emulator/faults", async ctx =>
        {
            faults.Clear();
            await JsonIO.WriteAsync(ctx, new JsonObject { ["pending"] = faults.Pending, ["injected"] = faults.Injected });
        });
    }

    /// <summary>retry_after_ms → retry-after-ms, retry_after (seconds) → retry-after; null when neither is given.</summary>
    private static Dictionary<string, string>? RetryHeaders(JsonElement body)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (JsonIO.OptionalInteger(body, "retry_after_ms") is { } ms)
        {
            headers["retry-after-ms"] = ms.ToString(CultureInfo.InvariantCulture);
        }

        if (JsonIO.OptionalInteger(body, "retry_after") is { } seconds)
        {
            headers["retry-after"] = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return headers.Count > 0 ? headers : null;
    }

    private static Fault Read(JsonElement body)
    {
        var kind = JsonIO.OptionalString(body, "kind") ?? "status";
        var path = JsonIO.OptionalString(body, "path_contains");
        var method = JsonIO.OptionalString(body, "method");
        var skip = (int)(JsonIO.OptionalInteger(body, "skip_matches") ?? 0);
        Fault fault = kind switch
        {
            "status" => Fault.Http(
                (int)(JsonIO.OptionalInteger(body, "status") ?? 500),
                path,
                RetryHeaders(body),
                JsonIO.OptionalString(body, "code"),
                method,
                JsonIO.OptionalString(body, "type"),
                JsonIO.OptionalString(body, "message")),
            "abort_response" => Fault.AbortResponse(path, JsonIO.OptionalInteger(body, "after_bytes") ?? 0, method),
            "slow" => Fault.Slow(path, TimeSpan.FromMilliseconds(JsonIO.OptionalInteger(body, "delay_ms") ?? 0), method),
            _ => throw EmulatorException.InvalidValue("kind",
                $"Invalid value for 'kind': '{kind}'. Supported values are: 'status', 'abort_response' and 'slow'."),
        };
        return fault with { SkipMatches = skip };
    }
}
