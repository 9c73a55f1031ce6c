using OpenAI.Emulator.Azure;
using OpenAI.Emulator.Http;

namespace OpenAI.Emulator.Batches;

/// <summary>HTTP routes of the Batch API: create, retrieve, list, cancel.</summary>
internal static class BatchEndpoints
{
    private const int DefaultListLimit = 20;
    private const int MaxListLimit = 100;

    public static void Map(IEndpointRouteBuilder app, BatchProcessor batches, EmulatorState state)
    {
        app.MapPost("/v1/batches", async ctx =>
        {
            var request = BatchCreateRequest.Parse(await JsonIO.ReadObjectAsync(ctx), state) with { ViaAzure = AzurePaths.Of(ctx) is not null };
            await JsonIO.WriteAsync(ctx, BatchJson.Batch(batches.Create(request)));
        });

        app.MapGet("/v1/batches", async ctx =>
        {
            var limit = Paging.ReadLimit(ctx.Request, DefaultListLimit, MaxListLimit);
            await JsonIO.WriteAsync(ctx, Paging.Page(batches.List(), b => b.Id, b => BatchJson.Batch(b), Paging.ReadAfter(ctx.Request), limit));
        });

        app.MapGet("/v1/batches/{batchId}", async ctx =>
            await JsonIO.WriteAsync(ctx, BatchJson.Batch(Get(batches, BatchId(ctx)))));

        app.MapPost("/v1/batches/{batchId}/cancel", async ctx =>
        {
            var batch = Get(batches, BatchId(ctx));
            if (!batches.Cancel(batch))
            {
                throw EmulatorException.BadRequest(
                    $"Cannot cancel a batch with status '{batch.Status}'.", null, "batch_not_cancellable");
            }

            await JsonIO.WriteAsync(ctx, BatchJson.Batch(batch));
        });
    }

    private static string BatchId(HttpContext ctx) => (string)ctx.Request.RouteValues["batchId"]!;

    private static BatchRecord Get(BatchProcessor batches, string id) =>
        batches.Get(id) ?? throw new EmulatorException(StatusCodes.Status404NotFound, $"No batch found with id '{id}'.");
}
