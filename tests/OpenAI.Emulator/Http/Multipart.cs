using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace OpenAI.Emulator.Http;

/// <summary>Streaming multipart access; never the buffered Request.Form, so GB parts stay on disk.</summary>
internal static class Multipart
{
    public static bool IsMultipart(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type) &&
        type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);

    public static MultipartReader CreateReader(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) ||
            !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw EmulatorException.BadRequest(
                "Invalid Content-Type header (" + (request.ContentType ?? "none") +
                "), expected multipart/form-data. (HINT: If you're using curl, you can pass -H 'Content-Type: multipart/form-data')");
        }

        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            throw EmulatorException.BadRequest("Missing multipart boundary in the Content-Type header.");
        }

        return new MultipartReader(boundary, request.Body) { BodyLengthLimit = null };
    }

    /// <summary>Next section, turning a malformed body into a 400.</summary>
    public static async Task<MultipartSection?> NextAsync(MultipartReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadNextSectionAsync(cancellationToken);
        }
        catch (InvalidDataException e)
        {
            throw EmulatorException.BadRequest("Could not parse the multipart form: " + e.Message);
        }
    }

    /// <summary>Field name and file name; FileName is non-null (maybe empty) for file parts.</summary>
    public static (string Name, string? FileName) Disposition(MultipartSection section)
    {
        if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var cd))
        {
            throw EmulatorException.BadRequest("A multipart section has no valid Content-Disposition header.");
        }

        var name = HeaderUtilities.RemoveQuotes(cd.Name).Value ?? string.Empty;
        string? fileName = null;
        if (cd.FileNameStar.HasValue)
        {
            fileName = cd.FileNameStar.Value;
        }
        else if (cd.FileName.HasValue)
        {
            fileName = HeaderUtilities.RemoveQuotes(cd.FileName).Value ?? string.Empty;
        }

        return (name, fileName);
    }

    /// <summary>Reads a section, keeping at most <paramref name="keep"/> bytes; returns kept bytes and true length.</summary>
    public static async Task<(byte[] Kept, long Length)> ReadSectionAsync(
        MultipartSection section, int keep, CancellationToken cancellationToken)
    {
        using var kept = new MemoryStream();
        var buffer = new byte[81920];
        long length = 0;
        int read;
        try
        {
            while ((read = await section.Body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                var room = (int)Math.Max(0, Math.Min(read, keep - kept.Length));
                kept.Write(buffer, 0, room);
                length += read;
            }
        }
        catch (InvalidDataException e)
        {
            throw EmulatorException.BadRequest("Could not parse the multipart form: " + e.Message);
        }

        return (kept.ToArray(), length);
    }
}
