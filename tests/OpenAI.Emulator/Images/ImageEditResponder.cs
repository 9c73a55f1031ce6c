using System.Text;
using System.Text.Json.Nodes;
using OpenAI.Emulator.Http;

namespace OpenAI.Emulator.Images;

/// <summary>Writes ImagesResponse JSON, or the image_edit.* event stream.</summary>
internal sealed class ImageEditResponder(GeneratedImages images, ManualClock clock, Func<Uri> baseUri)
{
    public async Task WriteAsync(HttpContext ctx, EditPlan plan)
    {
        if (plan.Stream)
        {
            await WriteStreamAsync(ctx, plan);
            return;
        }

        await JsonIO.WriteAsync(ctx, Body(plan));
    }

    /// <summary>The ImagesResponse JSON of a non-streamed edit.</summary>
    public JsonObject Body(EditPlan plan)
    {
        var data = new JsonArray();
        for (var i = 0; i < plan.N; i++)
        {
            var png = Render(plan, i, 0);
            data.Add(plan.ResponseFormat == "url"
                ? new JsonObject { ["url"] = $"{baseUri()}/emulator/images/{images.Publish(png)}.png" }
                : new JsonObject { ["b64_json"] = Convert.ToBase64String(png) });
        }

        var body = new JsonObject { ["created"] = clock.UnixSeconds, ["data"] = data };
        if (!plan.IsDallE2)
        {
            body["background"] = plan.ReportedBackground;
            body["output_format"] = plan.OutputFormat;
            body["size"] = plan.ReportedSize;
            body["quality"] = plan.ReportedQuality;
            body["usage"] = Usage(plan, plan.N);
        }

        return body;
    }

    private async Task WriteStreamAsync(HttpContext ctx, EditPlan plan)
    {
        ctx.Response.StatusCode = StatusCodes.Status200OK;
        ctx.Response.ContentType = "text/event-stream";
        ctx.Response.Headers.CacheControl = "no-cache";
        for (var i = 0; i < plan.N; i++)
        {
            for (var p = 0; p < plan.PartialImages; p++)
            {
                var partial = Event("image_edit.partial_image", plan, Render(plan, i, p + 1));
                partial["partial_image_index"] = p;
                await WriteEventAsync(ctx, "image_edit.partial_image", partial);
            }

            var completed = Event("image_edit.completed", plan, Render(plan, i, 0));
            completed["usage"] = Usage(plan, 1);
            await WriteEventAsync(ctx, "image_edit.completed", completed);
        }
    }

    private JsonObject Event(string type, EditPlan plan, byte[] png) => new()
    {
        ["type"] = type,
        ["b64_json"] = Convert.ToBase64String(png),
        ["created_at"] = clock.UnixSeconds,
        ["size"] = plan.ReportedSize,
        ["quality"] = plan.ReportedQuality,
        ["background"] = plan.ReportedBackground,
        ["output_format"] = plan.OutputFormat,
    };

    private static async Task WriteEventAsync(HttpContext ctx, string name, JsonObject data)
    {
        var bytes = Encoding.UTF8.GetBytes($"event: {name}\ndata: {data.ToJsonString(JsonIO.Output)}\n\n");
        await ctx.Response.Body.WriteAsync(bytes, ctx.RequestAborted);
        await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
    }

    private byte[] Render(EditPlan plan, int index, int variant) =>
        images.Render(plan.Prompt, index, variant, plan.Width, plan.Height, plan.ReportedBackground == "transparent");

    /// <summary>Plausible, deterministic token counts (OpenAI's published per-size output costs).</summary>
    private static JsonObject Usage(EditPlan plan, int count)
    {
        var text = Math.Max(1, (plan.Prompt.Length + 3) / 4);
        var image = 194 * plan.InputImageCount;
        var square = plan.Width == plan.Height;
        var perImage = plan.ReportedQuality switch
        {
            "low" => square ? 272 : 408,
            "high" => square ? 4160 : 6240,
            _ => square ? 1056 : 1584,
        };
        var output = perImage * count;
        return new JsonObject
        {
            ["total_tokens"] = text + image + output,
            ["input_tokens"] = text + image,
            ["output_tokens"] = output,
            ["input_tokens_details"] = new JsonObject { ["text_tokens"] = text, ["image_tokens"] = image },
        };
    }
}
