using OpenAI.Emulator.Png;

namespace OpenAI.Emulator.Images;

/// <summary>One input image (or the mask) as received, by bytes or by reference.</summary>
internal sealed class InputImage
{
    /// <summary>Field it came in: image, image[], images (JSON) or mask.</summary>
    public required string Field { get; init; }

    public string? FileName { get; init; }

    /// <summary>Part Content-Type for multipart; null for JSON references.</summary>
    public string? ContentType { get; init; }

    public long Length { get; init; }

    /// <summary>Sniffed header; null when only a remote URL was given (nothing to inspect).</summary>
    public ImageInfo? Info { get; init; }

    public bool IsMultipart { get; init; }
}

/// <summary>An image edit request from either multipart or JSON, before validation.</summary>
internal sealed class ImageEditRequest
{
    public bool IsJson { get; init; }
    public string? Model { get; set; }
    public string? Prompt { get; set; }
    public List<InputImage> Images { get; } = [];
    public InputImage? Mask { get; set; }
    public int? N { get; set; }
    public string? Size { get; set; }
    public string? ResponseFormat { get; set; }
    public string? Quality { get; set; }
    public string? Background { get; set; }
    public string? OutputFormat { get; set; }
    public int? OutputCompression { get; set; }
    public string? InputFidelity { get; set; }
    public string? User { get; set; }
    public bool Stream { get; set; }
    public int? PartialImages { get; set; }
    public string? Moderation { get; set; }

    /// <summary>Name of the images field for error params: "image" (multipart) or "images" (JSON).</summary>
    public string ImageParam => IsJson ? "images" : "image";
}

/// <summary>Resolved output settings after validation.</summary>
internal sealed record EditPlan(
    string Model,
    bool IsDallE2,
    string Prompt,
    int N,
    int Width,
    int Height,
    string ReportedSize,
    string ReportedQuality,
    string ReportedBackground,
    string OutputFormat,
    string ResponseFormat,
    bool Stream,
    int PartialImages,
    int InputImageCount);
