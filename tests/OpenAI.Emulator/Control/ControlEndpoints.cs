using System.Text.Json;
using System.Text.Json.Nodes;
using OpenAI.Emulator.Http;

namespace OpenAI.Emulator.Control;

/// <summary>
/// Emulator-only routes (not in OpenAI's API) so a script driving the emulator as a program can do
/// what in-process tests do through <see cref="EmulatorServer"/>: steer batches, move the clock, count requests.
/// They need the API key like any route.
/// </summary>
internal static class ControlEndpoints
{
    public static void Map(IEndpointRouteBuilder app, EmulatorServer server)
    {
        var batches = server.Batches;
        app.MapPost("/v1/emulator/batches/pause", ctx => Answer(ctx, batches, () => batches.Pause()));
        app.MapPost("/v1/emulator/batches/resume", ctx => Answer(ctx, batches, () => batches.Resume()));
        app.MapPost("/v1/emulator/batches/step", async ctx =>
        {
            var count = JsonIO.OptionalInteger(await ReadOptionalObjectAsync(ctx), "count") ?? 1;
            if (count is < 0 or > int.MaxValue)
            {
                throw EmulatorException.InvalidValue("count", $"Invalid value for 'count': {count}.");
            }

            await Answer(ctx, batches, () => batches.Step((int)count));
        });

        // Settings given are changed; the answer lists them all.
        app.MapPost("/v1/emulator/batches/settings", async ctx =>
        {
            var body = await ReadOptionalObjectAsync(ctx);
            if (JsonIO.OptionalInteger(body, "line_delay_ms") is { } line)
            {
                batches.LineDelay = TimeSpan.FromMilliseconds(line);
            }

            if (JsonIO.OptionalInteger(body, "step_delay_ms") is { } step)
            {
                batches.StepDelay = TimeSpan.FromMilliseconds(step);
            }

            if (JsonIO.OptionalInteger(body, "fail_every") is { } every)
            {
                batches.FailEveryNthLine = (int)every;
            }

            if (body.TryGetProperty("fail_share", out var share) && share.ValueKind == JsonValueKind.Number)
            {
                var value = share.GetDouble();
                batches.FailShare = value is >= 0 and <= 1
                    ? value
                    : throw EmulatorException.InvalidValue("fail_share", $"Invalid value for 'fail_share': {value}. It must be between 0 and 1.");
            }

            if (JsonIO.OptionalInteger(body, "fail_seed") is { } seed)
            {
                batches.FailSeed = (int)seed;
            }

            if (JsonIO.OptionalInteger(body, "fail_status") is { } status)
            {
                batches.FailStatus = (int)status;
            }

            if (JsonIO.OptionalInteger(body, "image_noise_bytes") is { } noise)
            {
                batches.ImageNoiseBytes = noise is >= 0 and <= BatchProcessor.MaxImageNoiseBytes
                    ? (int)noise
                    : throw EmulatorException.InvalidValue("image_noise_bytes", $"Invalid value for 'image_noise_bytes': {noise}. It must be between 0 and {BatchProcessor.MaxImageNoiseBytes}.");
            }

            await Answer(ctx, batches, () => { });
        });

        app.MapPost("/v1/emulator/batches/{batchId}/expire", async ctx =>
        {
            var id = (string)ctx.Request.RouteValues["batchId"]!;
            _ = batches.Get(id) ?? throw new EmulatorException(StatusCodes.Status404NotFound, $"No batch found with id '{id}'.");
            await JsonIO.WriteAsync(ctx, new JsonObject { ["id"] = id, ["expiring"] = batches.Expire(id) });
        });

        app.MapPost("/v1/emulator/clock/advance", async ctx =>
        {
            var seconds = JsonIO.OptionalInteger(await ReadOptionalObjectAsync(ctx), "seconds") ?? throw EmulatorException.Missing("seconds");
            server.Clock.Advance(TimeSpan.FromSeconds(seconds));
            await JsonIO.WriteAsync(ctx, new JsonObject { ["now"] = server.Clock.UtcNow.ToUnixTimeSeconds() });
        });

        // e.g. ?method=GET&path=/v1/batches/batch_abc to count a client's polls.
        app.MapGet("/v1/emulator/requests/count", async ctx =>
        {
            var method = ctx.Request.Query["method"].ToString();
            var path = ctx.Request.Query["path"].ToString();
            var count = server.Requests.All.Count(r =>
                (method.Length == 0 || string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase)) &&
                r.Path.Contains(path, StringComparison.Ordinal));
            await JsonIO.WriteAsync(ctx, new JsonObject { ["count"] = count });
        });
    }

    private static async Task Answer(HttpContext ctx, BatchProcessor batches, Action change)
    {
        change();
        await JsonIO.WriteAsync(ctx, new JsonObject
        {
            ["paused"] = batches.IsPaused,
            ["line_delay_ms"] = batches.LineDelay.TotalMilliseconds,
            ["step_delay_ms"] = batches.StepDelay.TotalMilliseconds,
            ["fail_every"] = batches.FailEveryNthLine,
            ["fail_share"] = batches.FailShare,
            ["fail_seed"] = batches.FailSeed,
            ["fail_status"] = batches.FailStatus,
            ["image_noise_bytes"] = batches.ImageNoiseBytes,
        });
    }

    /// <summary>An empty body reads as {} so curl -X POST works without -d.</summary>
    internal static async Task<JsonElement> ReadOptionalObjectAsync(HttpContext ctx)
    {
        if (ctx.Request.ContentLength == 0 || (ctx.Request.ContentLength is null && !ctx.Request.Headers.ContainsKey("Transfer-Encoding")))
        {
            return JsonDocument.Parse("{}").RootElement.Clone();
        }

        return await JsonIO.ReadObjectAsync(ctx);
    }
}
