using System.Text.Json.Nodes;

namespace OpenAI.Emulator.Uploads;

/// <summary>Wire shapes of Upload, UploadPart and File, as the spec gives them.</summary>
internal static class UploadJson
{
    public static JsonObject Upload(UploadRecord upload, EmulatorState state)
    {
        var json = new JsonObject
        {
            ["id"] = upload.Id,
            ["object"] = "upload",
            ["bytes"] = upload.Bytes,
            ["created_at"] = upload.CreatedAt.ToUnixTimeSeconds(),
            ["filename"] = upload.FileName,
            ["purpose"] = upload.Purpose,
            ["status"] = upload.Status,
            ["expires_at"] = upload.ExpiresAt.ToUnixTimeSeconds(),
        };
        if (upload.FileId is { } fileId && state.TryGetFile(fileId, out var file))
        {
            json["file"] = File(file);
        }

        return json;
    }

    public static JsonObject File(FileRecord file) => new()
    {
        ["id"] = file.Id,
        ["object"] = "file",
        ["bytes"] = file.Bytes,
        ["created_at"] = file.CreatedAt.ToUnixTimeSeconds(),
        ["filename"] = file.FileName,
        ["purpose"] = file.Purpose,
        ["status"] = "processed",
        ["expires_at"] = file.ExpiresAt?.ToUnixTimeSeconds(),
    };

    public static JsonObject Part(PartRecord part) => new()
    {
        ["id"] = part.Id,
        ["object"] = "upload.part",
        ["created_at"] = part.CreatedAt.ToUnixTimeSeconds(),
        ["upload_id"] = part.UploadId,
    };
}
