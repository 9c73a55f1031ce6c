using System.Security.Cryptography;
using System.Text.Json;
using OpenAI.Emulator.Http;

namespace OpenAI.Emulator.Uploads;

/// <summary>The Uploads rules: create, add part, complete, cancel.</summary>
internal sealed class UploadOperations(EmulatorState state, EmulatorOptions options, ManualClock clock)
{
    private const long DefaultExpirySeconds = 3600;
    private const long MinExpirySeconds = 3600;
    private const long MaxExpirySeconds = 2_592_000;

    private static readonly HashSet<string> Purposes =
        new(["assistants", "batch", "fine-tune", "vision", "user_data", "evals"], StringComparer.Ordinal);

    public UploadRecord Create(JsonElement body)
    {
        var purpose = JsonIO.RequiredString(body, "purpose");
        var fileName = JsonIO.RequiredString(body, "filename");
        var bytes = JsonIO.OptionalInteger(body, "bytes") ?? throw EmulatorException.Missing("bytes");
        var mimeType = JsonIO.RequiredString(body, "mime_type");

        if (!Purposes.Contains(purpose))
        {
            throw EmulatorException.InvalidValue("purpose",
                $"Invalid value for 'purpose': '{purpose}'. Supported values are: {string.Join(", ", Purposes.Select(p => $"'{p}'"))}.");
        }

        if (fileName.Length == 0)
        {
            throw EmulatorException.InvalidValue("filename", "Invalid value for 'filename': it must not be empty.");
        }

        if (bytes <= 0)
        {
            throw EmulatorException.InvalidValue("bytes", $"Invalid value for 'bytes': {bytes}. It must be greater than 0.");
        }

        if (bytes > options.MaxUploadBytes)
        {
            throw EmulatorException.BadRequest(
                $"Upload size of {bytes} bytes exceeds the maximum of {options.MaxUploadBytes} bytes.", "bytes", "upload_too_large");
        }

        var now = clock.UtcNow;
        var expiry = ReadExpiry(body);
        var upload = new UploadRecord(
            Ids.Upload(), fileName, purpose, mimeType, bytes, now, now.AddSeconds(expiry), clock);
        state.AddUpload(upload);
        return upload;
    }

    private static long ReadExpiry(JsonElement body)
    {
        if (!body.TryGetProperty("expires_after", out var after) || after.ValueKind == JsonValueKind.Null)
        {
            return DefaultExpirySeconds;
        }

        if (after.ValueKind != JsonValueKind.Object)
        {
            throw EmulatorException.InvalidType("expires_after", "an object");
        }

        var anchor = JsonIO.OptionalString(after, "anchor") ?? throw EmulatorException.Missing("expires_after.anchor");
        if (anchor != "created_at")
        {
            throw EmulatorException.InvalidValue("expires_after.anchor",
                $"Invalid value for 'expires_after.anchor': '{anchor}'. Supported values are: 'created_at'.");
        }

        var seconds = JsonIO.OptionalInteger(after, "seconds") ?? throw EmulatorException.Missing("expires_after.seconds");
        if (seconds is < MinExpirySeconds or > MaxExpirySeconds)
        {
            throw EmulatorException.InvalidValue("expires_after.seconds",
                $"Invalid value for 'expires_after.seconds': {seconds}. It must be between {MinExpirySeconds} and {MaxExpirySeconds}.");
        }

        return seconds;
    }

    public UploadRecord Get(string uploadId) =>
        state.GetUpload(uploadId) ?? throw new EmulatorException(
            StatusCodes.Status404NotFound, $"No such Upload object: '{uploadId}'.", "upload_id");

    public async Task<PartRecord> AddPartAsync(HttpContext ctx, string uploadId)
    {
        var upload = Get(uploadId);
        EnsurePending(upload, "add parts to");

        var partId = Ids.Part();
        var path = Path.Combine(state.PartsDirectory, partId);
        // The reference limits parts only by the Upload maximum; the declared bytes are checked at complete,
        // against the listed parts. So a part re-sent after its answer was lost is stored again, not refused.
        var maxLength = Math.Min(options.MaxPartBytes, options.MaxUploadBytes);
        var received = await PartReceiver.ReceiveAsync(ctx, path, maxLength, options);

        // Parts arrive in parallel; the status and byte budget are checked again under the lock.
        lock (upload.Gate)
        {
            try
            {
                EnsurePending(upload, "add parts to");
                var total = upload.ReceivedBytes + received.Length;
                if (total > options.MaxUploadBytes)
                {
                    throw EmulatorException.BadRequest(
                        $"Adding this part would bring the Upload to {total} bytes, more than the maximum of {options.MaxUploadBytes} bytes.",
                        "data",
                        "upload_bytes_exceeded");
                }
            }
            catch
            {
                PartReceiver.TryDelete(path);
                throw;
            }

            var part = new PartRecord(partId, upload.Id, received.Length, received.Md5Hex, clock.UtcNow, path);
            upload.AddPart(part);
            state.IndexPart(part);
            return part;
        }
    }

    public async Task<UploadRecord> CompleteAsync(string uploadId, JsonElement body, CancellationToken ct)
    {
        var upload = Get(uploadId);
        var partIds = ReadPartIds(body);
        var md5 = JsonIO.OptionalString(body, "md5");

        await upload.Transition.WaitAsync(ct);
        try
        {
            EnsurePending(upload, "complete");
            var parts = ResolveParts(upload, partIds);
            var total = parts.Sum(p => p.Length);
            if (total != upload.Bytes)
            {
                throw EmulatorException.BadRequest(
                    $"The number of bytes uploaded upon completion ({total}) does not match the number of bytes " +
                    $"specified when creating the Upload ({upload.Bytes}).",
                    "part_ids",
                    "bytes_mismatch");
            }

            var fileId = Ids.File();
            // A single part is the whole file already and its md5 is known; otherwise read the parts once, in order.
            var actualMd5 = parts.Count == 1 ? parts[0].Md5Hex : await HashInOrderAsync(parts, ct);
            if (md5 is not null && !string.Equals(md5, actualMd5, StringComparison.OrdinalIgnoreCase))
            {
                throw EmulatorException.BadRequest(
                    $"The md5 checksum provided ({md5}) does not match the checksum of the assembled file ({actualMd5}).",
                    "md5",
                    "md5_mismatch");
            }

            lock (upload.Gate)
            {
                EnsurePending(upload, "complete");
                state.AddFile(new FileRecord(fileId, total, clock.UtcNow, upload.FileName, upload.Purpose, actualMd5, parts.Select(p => p.StoragePath).ToList()));
                upload.MarkCompleted(fileId);
            }

            // The listed parts now hold the file's bytes; the others are dropped.
            foreach (var part in upload.Parts.Where(p => !parts.Contains(p)))
            {
                PartReceiver.TryDelete(part.StoragePath);
            }

            return upload;
        }
        finally
        {
            upload.Transition.Release();
        }
    }

    public async Task<UploadRecord> CancelAsync(string uploadId, CancellationToken ct)
    {
        var upload = Get(uploadId);
        await upload.Transition.WaitAsync(ct);
        try
        {
            lock (upload.Gate)
            {
                var status = upload.Status;
                if (status == UploadStatus.Cancelled)
                {
                    return upload;
                }

                EnsurePending(upload, "cancel");
                upload.MarkCancelled();
            }

            foreach (var part in upload.Parts)
            {
                PartReceiver.TryDelete(part.StoragePath);
            }

            return upload;
        }
        finally
        {
            upload.Transition.Release();
        }
    }

    private static void EnsurePending(UploadRecord upload, string action)
    {
        var status = upload.Status;
        if (status == UploadStatus.Pending)
        {
            return;
        }

        var message = status == UploadStatus.Expired
            ? $"Cannot {action} an upload that is expired. Upload {upload.Id} expired at {upload.ExpiresAt.ToUnixTimeSeconds()}."
            : $"Cannot {action} an upload that is {status}.";
        throw EmulatorException.BadRequest(message, null, "upload_" + status);
    }

    private static List<string> ReadPartIds(JsonElement body)
    {
        if (!body.TryGetProperty("part_ids", out var ids) || ids.ValueKind == JsonValueKind.Null)
        {
            throw EmulatorException.Missing("part_ids");
        }

        if (ids.ValueKind != JsonValueKind.Array || ids.EnumerateArray().Any(i => i.ValueKind != JsonValueKind.String))
        {
            throw EmulatorException.InvalidType("part_ids", "an array of strings");
        }

        return ids.EnumerateArray().Select(i => i.GetString()!).ToList();
    }

    private List<PartRecord> ResolveParts(UploadRecord upload, List<string> partIds)
    {
        if (partIds.Count == 0)
        {
            throw EmulatorException.InvalidValue("part_ids", "Invalid value for 'part_ids': at least one part id is required.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var parts = new List<PartRecord>(partIds.Count);
        foreach (var id in partIds)
        {
            if (!seen.Add(id))
            {
                throw EmulatorException.InvalidValue("part_ids", $"Invalid value for 'part_ids': part '{id}' is listed more than once.");
            }

            var part = state.FindPart(id);
            if (part is null || part.UploadId != upload.Id)
            {
                throw EmulatorException.InvalidValue("part_ids", $"Invalid value for 'part_ids': no part '{id}' in upload '{upload.Id}'.");
            }

            parts.Add(part);
        }

        return parts;
    }

    /// <summary>The md5 of the parts' bytes in the order listed.</summary>
    private static async Task<string> HashInOrderAsync(List<PartRecord> parts, CancellationToken ct)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = new byte[1 << 20];
        await using var input = new SegmentedReadStream(parts.Select(p => p.StoragePath).ToList());
        int read;
        while ((read = await input.ReadAsync(buffer, ct)) > 0)
        {
            md5.AppendData(buffer, 0, read);
        }

        return Convert.ToHexStringLower(md5.GetHashAndReset());
    }
}
