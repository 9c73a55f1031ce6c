using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Images;

/// <summary>Builds the request body: multipart for local files, EditImageBodyJsonParam for ids and URLs.</summary>
internal static class ImageEditContent
{
    public const string SingleImageField = "image";
    public const string ManyImagesField = "image[]";
    public const string MaskField = "mask";

    /// <summary>Called once per attempt, so a retry opens the files again.</summary>
    public static Func<HttpContent> Factory(ImageEditPlan plan) =>
        plan.Request.UsesJson ? () => Json(plan.Request) : () => Multipart(plan);

    public static HttpContent Multipart(ImageEditPlan plan)
    {
        var r = plan.Request;
        var form = new MultipartFormDataContent("oai-" + Guid.NewGuid().ToString("N"));
        foreach (var (name, value) in ScalarFields(r))
        {
            var part = new StringContent(value, Encoding.UTF8);
            // Like curl -F and the SDKs: text fields carry no Content-Type.
            part.Headers.ContentType = null;
            part.Headers.ContentDisposition = Disposition(name, null);
            form.Add(part);
        }
        var imageField = r.Images.Count == 1 ? SingleImageField : ManyImagesField;
        for (var i = 0; i < r.Images.Count; i++)
        {
            AddFile(form, imageField, r.Images[i], plan.ImageHeaders[i]);
        }
        if (r.Mask is { } mask)
        {
            AddFile(form, MaskField, mask, plan.MaskHeader);
        }
        return form;
    }

    public static HttpContent Json(ImageEditRequest r) => JsonContent.Create(JsonBody(r), options: JsonDefaults.Options);

    /// <summary>The JSON body; a batch line carries the same one.</summary>
    internal static ImageEditJsonBodyWire JsonBody(ImageEditRequest r) => new()
    {
        Model = r.EffectiveModel,
        Prompt = r.Prompt,
        Images = r.FileIds.Select(id => new ImageRefWire { FileId = id })
            .Concat(r.ImageUrls.Select(url => new ImageRefWire { ImageUrl = url }))
            .ToList(),
        Mask = r.MaskFileId is { } maskId ? new ImageRefWire { FileId = maskId }
            : r.MaskImageUrl is { } maskUrl ? new ImageRefWire { ImageUrl = maskUrl } : null,
        N = r.N,
        Size = r.Size,
        Quality = Lower(r.Quality),
        Background = Lower(r.Background),
        OutputFormat = Lower(r.OutputFormat),
        OutputCompression = r.OutputCompression,
        InputFidelity = Lower(r.InputFidelity),
        User = r.User,
        Stream = r.Stream ? true : null,
        PartialImages = r.PartialImages,
    };

    /// <summary>The form fields in the order the SDKs send them; unset fields are left out.</summary>
    internal static IEnumerable<(string Name, string Value)> ScalarFields(ImageEditRequest r)
    {
        yield return ("model", r.EffectiveModel);
        yield return ("prompt", r.Prompt);
        if (r.N is { } n) yield return ("n", n.ToString(CultureInfo.InvariantCulture));
        if (r.Size is { } size) yield return ("size", size);
        if (Lower(r.ResponseFormat) is { } responseFormat) yield return ("response_format", responseFormat);
        if (Lower(r.Quality) is { } quality) yield return ("quality", quality);
        if (Lower(r.Background) is { } background) yield return ("background", background);
        if (Lower(r.OutputFormat) is { } outputFormat) yield return ("output_format", outputFormat);
        if (r.OutputCompression is { } compression) yield return ("output_compression", compression.ToString(CultureInfo.InvariantCulture));
        if (Lower(r.InputFidelity) is { } fidelity) yield return ("input_fidelity", fidelity);
        if (r.User is { } user) yield return ("user", user);
        if (r.Stream) yield return ("stream", "true");
        if (r.PartialImages is { } partials) yield return ("partial_images", partials.ToString(CultureInfo.InvariantCulture));
    }

    private static void AddFile(MultipartFormDataContent form, string field, string path, ImageHeader? header)
    {
        var part = new FileContent(path);
        part.Headers.ContentType = new MediaTypeHeaderValue(header?.MimeType ?? ImageHeader.MimeTypeOf(ImageKind.Unknown));
        part.Headers.ContentDisposition = Disposition(field, AsciiFileName(path));
        form.Add(part);
    }

    // Quoted here rather than by MultipartFormDataContent.Add, whose quoting of "image[]" has
    // differed between .NET Framework and .NET.
    private static ContentDispositionHeaderValue Disposition(string name, string? fileName) =>
        new("form-data") { Name = "\"" + name + "\"", FileName = fileName is null ? null : "\"" + fileName + "\"" };

    // The API's enum values are lowercase; a PowerShell ValidateSet passes the user's casing through.
    private static string? Lower(string? value) => value?.ToLowerInvariant();

    /// <summary>Non-ASCII names would be MIME-encoded, which some servers do not decode.</summary>
    internal static string AsciiFileName(string path)
    {
        var name = Path.GetFileName(path);
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(c is >= ' ' and < (char)127 and not '"' and not '\\' ? c : '_');
        }
        return builder.Length == 0 ? "image" : builder.ToString();
    }

    /// <summary>
    /// A file part that opens its file only while it is being written and closes it straight after,
    /// so 16 inputs never hold 16 handles or any file in memory.
    /// </summary>
    internal sealed class FileContent : HttpContent
    {
        private const int BufferSize = 81920;
        private readonly string _path;
        private readonly long _length;

        public FileContent(string path)
        {
            _path = path;
            _length = Uploads.LocalFile.Of(path).Length;
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            await CopyAsync(stream, CancellationToken.None).ConfigureAwait(false);

#if NET
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
            CopyAsync(stream, cancellationToken);
#endif

        protected override bool TryComputeLength(out long length)
        {
            length = _length;
            return true;
        }

        private async Task CopyAsync(Stream target, CancellationToken cancellationToken)
        {
            using var source = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true);
            if (source.Length != _length)
            {
                throw new IOException($"'{_path}' changed size while it was being sent.");
            }
            var buffer = new byte[BufferSize];
            int read;
            while ((read = await source.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await target.WriteAsync(buffer, 0, read, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
