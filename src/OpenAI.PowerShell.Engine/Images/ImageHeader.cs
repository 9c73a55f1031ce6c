namespace OpenAI.PowerShell.Images;

internal enum ImageKind
{
    Unknown,
    Png,
    Jpeg,
    Webp,
}

/// <summary>What the first bytes of an image file say about it.</summary>
internal sealed class ImageHeader
{
    public ImageKind Kind { get; init; }
    public int Width { get; init; }
    public int Height { get; init; }
    /// <summary>PNG colour type 4 or 6, a tRNS chunk, the VP8X alpha flag, or the VP8L alpha bit.</summary>
    public bool HasAlpha { get; init; }
    public long FileLength { get; init; }
    /// <summary>PNG only: the IHDR colour type and bit depth, and whether tRNS came before IDAT.</summary>
    public int ColorType { get; init; } = -1;
    public int BitDepth { get; init; }
    public bool HasTransparencyChunk { get; init; }
    /// <summary>Why a file with a known signature could not be read; Kind is then Unknown.</summary>
    internal string? Problem { get; init; }

    public string MimeType => MimeTypeOf(Kind);
    public bool IsSquare => Width > 0 && Width == Height;

    public static string MimeTypeOf(ImageKind kind) => kind switch
    {
        ImageKind.Png => "image/png",
        ImageKind.Jpeg => "image/jpeg",
        ImageKind.Webp => "image/webp",
        _ => "application/octet-stream",
    };

    public override string ToString() => $"{Kind} {Width}x{Height}{(HasAlpha ? " alpha" : "")} {FileLength} bytes";
}
