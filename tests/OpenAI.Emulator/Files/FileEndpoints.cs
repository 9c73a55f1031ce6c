using OpenAI.Emulator.Http;
using OpenAI.Emulator.Logging;
using OpenAI.Emulator.Uploads;

namespace OpenAI.Emulator.Files;

/// <summary>HTTP routes of the Files API: list, upload, retrieve, delete, content.</summary>
internal static class FileEndpoints
{
    private const int MaxListLimit = 10_000;

    // Purposes a client may upload with; batch_output files are made by the batch processor only.
    private static readonly string[] UploadPurposes = ["assistants", "batch", "fine-tune", "vision", "user_data", "evals"];

    public static void Map(IEndpointRouteBuilder app, EmulatorState state, ManualClock clock)
    {
        app.MapGet("/v1/files", async ctx =>
        {
            var purpose = ctx.Request.Query["purpose"].ToString();
            var order = ctx.Request.Query["order"].ToString();
            if (order.Length > 0 && order is not ("asc" or "desc"))
            {
                throw EmulatorException.InvalidValue("order", $"Invalid value for 'order': '{order}'. Supported values are: 'asc' and 'desc'.");
            }

            var limit = Paging.ReadLimit(ctx.Request, MaxListLimit, MaxListLimit);
            IEnumerable<FileRecord> files = state.FileRecords(purpose.Length == 0 ? null : purpose);
            if (order != "asc")
            {
                files = files.Reverse();
            }

            await JsonIO.WriteAsync(ctx, Paging.Page(files.ToList(), f => f.Id, f => UploadJson.File(f), Paging.ReadAfter(ctx.Request), limit));
        });

        app.MapPost("/v1/files", async ctx => await JsonIO.WriteAsync(ctx, UploadJson.File(await ReceiveAsync(ctx, state, clock))));

        app.MapGet("/v1/files/{fileId}", async ctx =>
            await JsonIO.WriteAsync(ctx, UploadJson.File(Get(state, FileId(ctx)))));

        app.MapDelete("/v1/files/{fileId}", async ctx =>
        {
            var id = FileId(ctx);
            if (!state.DeleteFile(id))
            {
                throw NotFound(id);
            }

            await JsonIO.WriteAsync(ctx, new System.Text.Json.Nodes.JsonObject { ["id"] = id, ["object"] = "file", ["deleted"] = true });
        });

        // Streamed from disk in 64 KiB reads, so a GB file costs no memory; shaping and faults apply as to any body.
        app.MapGet("/v1/files/{fileId}/content", async ctx =>
        {
            var file = Get(state, FileId(ctx));
            await using var content = file.OpenRead();
            ctx.Response.ContentType = "application/octet-stream";
            ctx.Response.ContentLength = file.Bytes;
            await content.CopyToAsync(ctx.Response.Body, 1 << 16, ctx.RequestAborted);
        });
    }

    private static string FileId(HttpContext ctx) => (string)ctx.Request.RouteValues["fileId"]!;

    private static FileRecord Get(EmulatorState state, string id) =>
        state.TryGetFile(id, out var file) ? file : throw NotFound(id);

    private static EmulatorException NotFound(string id) =>
        new(StatusCodes.Status404NotFound, $"No such File object: {id}", "id");

    /// <summary>POST /v1/files: multipart fields purpose and file; the file goes to disk as it arrives.</summary>
    private static async Task<FileRecord> ReceiveAsync(HttpContext ctx, EmulatorState state, ManualClock clock)
    {
        var ct = ctx.RequestAborted;
        var recording = ctx.Features.Get<RequestRecording>();
        var reader = Multipart.CreateReader(ctx.Request);
        string? purpose = null;
        StoredFileWriter? writer = null;
        string? fileName = null;
        try
        {
            while (await Multipart.NextAsync(reader, ct) is { } section)
            {
                var (name, sectionFileName) = Multipart.Disposition(section);
                if (name == "file" && sectionFileName is not null && writer is null)
                {
                    writer = new StoredFileWriter(state);
                    fileName = sectionFileName;
                    await CopySectionAsync(section.Body, writer, ct);
                    recording?.AddFormPart(new RecordedFormPart(name, fileName, section.ContentType, writer.Length));
                    continue;
                }

                var (kept, length) = await Multipart.ReadSectionAsync(section, 4096, ct);
                var text = System.Text.Encoding.UTF8.GetString(kept);
                recording?.AddFormPart(new RecordedFormPart(name, sectionFileName, section.ContentType, length, text));
                if (name == "purpose")
                {
                    purpose = text;
                }
            }

            if (writer is null || fileName is null)
            {
                throw EmulatorException.Missing("file");
            }

            if (purpose is null)
            {
                throw EmulatorException.Missing("purpose");
            }

            if (!UploadPurposes.Contains(purpose))
            {
                throw EmulatorException.InvalidValue("purpose",
                    $"Invalid value for 'purpose': '{purpose}'. Supported values are: {string.Join(", ", UploadPurposes.Select(p => $"'{p}'"))}.");
            }

            return state.GetFile(writer.Commit(fileName, purpose, clock.UtcNow).Id);
        }
        finally
        {
            if (writer is not null)
            {
                await writer.DisposeAsync();
            }
        }
    }

    private static async Task CopySectionAsync(Stream body, StoredFileWriter writer, CancellationToken ct)
    {
        var buffer = new byte[1 << 16];
        int read;
        try
        {
            while ((read = await body.ReadAsync(buffer, ct)) > 0)
            {
                await writer.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }
        catch (InvalidDataException e)
        {
            throw EmulatorException.BadRequest("Could not parse the multipart form: " + e.Message);
        }
    }
}
