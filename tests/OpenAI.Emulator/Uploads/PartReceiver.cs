using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using OpenAI.Emulator.Http;
using OpenAI.Emulator.Logging;

namespace OpenAI.Emulator.Uploads;

/// <summary>
/// Streams the multipart field `data` to a file while computing its length and md5, so parts
/// of any size cost a fixed amount of memory.
/// </summary>
internal static class PartReceiver
{
    public sealed record Received(string Path, long Length, string Md5Hex);

    /// <summary>Receives the part into a new file; the caller owns (and must delete) the file.</summary>
    public static async Task<Received> ReceiveAsync(HttpContext ctx, string path, long maxLength, EmulatorOptions options)
    {
        var ct = ctx.RequestAborted;
        var recording = ctx.Features.Get<RequestRecording>();
        var reader = Multipart.CreateReader(ctx.Request);
        Received? received = null;
        try
        {
            MultipartSection? section;
            while ((section = await Multipart.NextAsync(reader, ct)) is not null)
            {
                var (name, fileName) = Multipart.Disposition(section);
                long length;
                if (name == "data" && received is null)
                {
                    received = await CopyToFileAsync(ctx, section, path, maxLength, options);
                    length = received.Length;
                }
                else
                {
                    (_, length) = await Multipart.ReadSectionAsync(section, 0, ct);
                }

                recording?.AddFormPart(new RecordedFormPart(name, fileName, section.ContentType, length));
            }
        }
        catch
        {
            TryDelete(path);
            throw;
        }

        if (received is null)
        {
            throw EmulatorException.Missing("data");
        }

        if (received.Length == 0)
        {
            TryDelete(path);
            throw EmulatorException.BadRequest("The part is empty; a part must contain at least one byte.", "data", "empty_part");
        }

        return received;
    }

    private static async Task<Received> CopyToFileAsync(
        HttpContext ctx, MultipartSection section, string path, long maxLength, EmulatorOptions options)
    {
        var ct = ctx.RequestAborted;
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = new byte[81920];
        long length = 0;
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            int read;
            while ((read = await ReadAsync(section.Body, buffer, ct)) > 0)
            {
                length += read;
                if (length > maxLength)
                {
                    break;
                }

                md5.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }

        if (length > maxLength)
        {
            // Stop storing at limit+1, then drain a bounded amount so the client can read the 400.
            TryDelete(path);
            await BodyDrain.DrainAsync(ctx.Request.Body, options.MaxPartBytes, ct);
            throw length > options.MaxPartBytes
                ? EmulatorException.BadRequest(
                    $"Part exceeds the maximum part size of {options.MaxPartBytes} bytes.", "data", "part_too_large")
                : EmulatorException.BadRequest(
                    $"The part is larger than the Upload maximum of {options.MaxUploadBytes} bytes.", "data", "upload_bytes_exceeded");
        }

        return new Received(path, length, Convert.ToHexStringLower(md5.GetHashAndReset()));
    }

    private static async Task<int> ReadAsync(Stream body, byte[] buffer, CancellationToken ct)
    {
        try
        {
            return await body.ReadAsync(buffer, ct);
        }
        catch (InvalidDataException e)
        {
            throw EmulatorException.BadRequest("Could not parse the multipart form: " + e.Message);
        }
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the directory is removed on dispose anyway.
        }
    }
}
