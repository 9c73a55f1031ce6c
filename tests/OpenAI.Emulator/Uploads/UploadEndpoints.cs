using OpenAI.Emulator.Http;

namespace OpenAI.Emulator.Uploads;

/// <summary>HTTP routes for the four Uploads operations (plus one emulator-only read).</summary>
internal static class UploadEndpoints
{
    public static void Map(IEndpointRouteBuilder app, UploadOperations ops, EmulatorState state)
    {
        app.MapPost("/v1/uploads", async ctx =>
        {
            var body = await JsonIO.ReadObjectAsync(ctx);
            await JsonIO.WriteAsync(ctx, UploadJson.Upload(ops.Create(body), state));
        });

        app.MapPost("/v1/uploads/{uploadId}/parts", async ctx =>
        {
            var part = await ops.AddPartAsync(ctx, UploadId(ctx));
            await JsonIO.WriteAsync(ctx, UploadJson.Part(part));
        });

        app.MapPost("/v1/uploads/{uploadId}/complete", async ctx =>
        {
            var id = UploadId(ctx);
            ops.Get(id); // 404 before parsing, like the real API
            var body = await JsonIO.ReadObjectAsync(ctx);
            var upload = await ops.CompleteAsync(id, body, ctx.RequestAborted);
            await JsonIO.WriteAsync(ctx, UploadJson.Upload(upload, state));
        });

        app.MapPost("/v1/uploads/{uploadId}/cancel", async ctx =>
        {
            var upload = await ops.CancelAsync(UploadId(ctx), ctx.RequestAborted);
            await JsonIO.WriteAsync(ctx, UploadJson.Upload(upload, state));
        });

        // Emulator-only (not in OpenAI's API): read an Upload back, e.g. to test resuming.
        app.MapGet("/v1/uploads/{uploadId}", async ctx =>
            await JsonIO.WriteAsync(ctx, UploadJson.Upload(ops.Get(UploadId(ctx)), state)));
    }

    private static string UploadId(HttpContext ctx) => (string)ctx.Request.RouteValues["uploadId"]!;
}
