using System.Text.Json.Nodes;
using OpenAI.Emulator.Azure;
using OpenAI.Emulator.Http;

namespace OpenAI.Emulator.Images;

/// <summary>POST /v1/images/edits and the emulator's own image download URLs.</summary>
internal static class ImageEndpoints
{
    public static void Map(
        IEndpointRouteBuilder app, EmulatorState state, EmulatorOptions options, GeneratedImages images, ImageEditResponder responder,
        Func<DateOnly> today, AzureEmulation azure)
    {
        // The image models served today, in the API's list shape, so a drift check can run against the emulator too.
        app.MapGet("/v1/models", ctx => JsonIO.WriteAsync(ctx, new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(ImageModels.Served(today()).Select(id => (JsonNode)new JsonObject
            {
                ["id"] = id,
                ["object"] = "model",
                ["created"] = 1745193600,
                ["owned_by"] = "system",
            }).ToArray()),
        }));

        app.MapPost("/v1/images/edits", async ctx =>
        {
            ImageEditRequest request;
            if (Multipart.IsMultipart(ctx.Request))
            {
                request = await ImageEditParser.ParseMultipartAsync(ctx);
            }
            else if (ctx.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
            {
                request = await ImageEditParser.ParseJsonAsync(ctx, state);
            }
            else
            {
                throw EmulatorException.BadRequest(
                    $"Invalid Content-Type header ({ctx.Request.ContentType ?? "none"}); expected multipart/form-data or application/json.");
            }

            if (AzurePaths.Of(ctx) is not null)
            {
                AzureImageRules.Apply(request, azure);
            }

            var plan = ImageEditValidator.Validate(request, options, today());
            await responder.WriteAsync(ctx, plan);
        });

        // Stands in for a signed blob URL: no key needed, but faults and shaping still apply.
        app.MapGet(EmulatorMiddleware.AnonymousPrefix + "{imageId}.png", async ctx =>
        {
            var id = (string)ctx.Request.RouteValues["imageId"]!;
            var png = images.Find(id) ?? throw new EmulatorException(
                StatusCodes.Status404NotFound, $"No such image: '{id}'. Generated image URLs live as long as the emulator.");
            ctx.Response.ContentType = "image/png";
            ctx.Response.ContentLength = png.Length;
            await ctx.Response.Body.WriteAsync(png, ctx.RequestAborted);
        });
    }
}
