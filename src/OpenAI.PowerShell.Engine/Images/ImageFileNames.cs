using System.IO;
using System.Text;

namespace OpenAI.PowerShell.Images;

/// <summary>How saved images are named: &lt;stem&gt;-&lt;index&gt;.&lt;ext&gt; and &lt;stem&gt;-partial-&lt;n&gt;.&lt;ext&gt;.</summary>
internal static class ImageFileNames
{
    public const int MaxSlugLength = 40;

    /// <summary>OutputStem when set, else the first input file's name without extension, else a slug of the prompt.</summary>
    public static string Stem(ImageEditRequest request)
    {
        if (!string.IsNullOrWhiteSpace(request.OutputStem))
        {
            return request.OutputStem!;
        }
        if (!request.UsesJson && request.Images.Count > 0)
        {
            var name = Path.GetFileNameWithoutExtension(request.Images[0]);
            if (!string.IsNullOrWhiteSpace(name))
            {
                return name;
            }
        }
        return Slug(request.Prompt);
    }

    /// <summary>Lowercase a-z, 0-9 and single dashes, at most 40 characters; "image" when nothing is left.</summary>
    public static string Slug(string? text)
    {
        var builder = new StringBuilder();
        foreach (var c in (text ?? "").ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[builder.Length - 1] != '-')
            {
                builder.Append('-');
            }
            if (builder.Length >= MaxSlugLength)
            {
                break;
            }
        }
        var slug = builder.ToString().Trim('-');
        return slug.Length == 0 ? "image" : slug;
    }

    /// <summary>The extension for an output format; png when none is known.</summary>
    public static string Extension(string? outputFormat) => (outputFormat ?? "").ToLowerInvariant() switch
    {
        "jpeg" or "jpg" => ".jpg",
        "webp" => ".webp",
        _ => ".png",
    };

    public static string ForImage(string directory, string stem, int index, string? outputFormat) =>
        Path.Combine(directory, $"{stem}-{index}{Extension(outputFormat)}");

    public static string ForPartial(string directory, string stem, int sequence, string? outputFormat) =>
        Path.Combine(directory, $"{stem}-partial-{sequence}{Extension(outputFormat)}");

    /// <summary>
    /// Every path a request may write: n images, and when streaming up to partial_images for each.
    /// The server's output_format is not known yet, so the request's (default png) decides the extension.
    /// </summary>
    public static IReadOnlyList<string> Planned(ImageEditRequest request)
    {
        if (request.OutFile is { } outFile)
        {
            return new[] { Path.GetFullPath(outFile) };
        }
        if (request.OutDirectory is null)
        {
            return Array.Empty<string>();
        }
        var directory = Path.GetFullPath(request.OutDirectory);
        var stem = Stem(request);
        var paths = new List<string>();
        var n = Math.Max(1, request.EffectiveN);
        for (var i = 0; i < n; i++)
        {
            paths.Add(ForImage(directory, stem, i, request.OutputFormat));
        }
        if (request.Stream)
        {
            for (var p = 0; p < (request.PartialImages ?? 0) * n; p++)
            {
                paths.Add(ForPartial(directory, stem, p, request.OutputFormat));
            }
        }
        return paths;
    }
}
