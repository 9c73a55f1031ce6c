using System.Buffers.Binary;

namespace OpenAI.Emulator.Png;

internal enum ImageFormat
{
    Unknown,
    Png,
    Jpeg,
    Webp,
}

/// <summary>What the emulator learns from an image's first bytes.</summary>
internal sealed record ImageInfo(ImageFormat Format, int Width, int Height, byte ColourType, bool HasTransparencyChunk)
{
    public bool HasDimensions => Width > 0 && Height > 0;

    /// <summary>Alpha channel (grey+alpha, RGBA) or a tRNS chunk.</summary>
    public bool HasTransparency => ColourType is 4 or 6 || HasTransparencyChunk;

    public string MimeType => Format switch
    {
        ImageFormat.Png => "image/png",
        ImageFormat.Jpeg => "image/jpeg",
        ImageFormat.Webp => "image/webp",
        _ => "application/octet-stream",
    };
}

/// <summary>Magic-byte sniffing plus the PNG IHDR/tRNS reading the checks need.</summary>
internal static class ImageSniffer
{
    public static ImageInfo Sniff(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 8 && head[..8].SequenceEqual(PngWriter.Signature))
        {
            return SniffPng(head);
        }

        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
        {
            return new ImageInfo(ImageFormat.Jpeg, 0, 0, 0, false);
        }

        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return new ImageInfo(ImageFormat.Webp, 0, 0, 0, false);
        }

        return new ImageInfo(ImageFormat.Unknown, 0, 0, 0, false);
    }

    private static ImageInfo SniffPng(ReadOnlySpan<byte> head)
    {
        // IHDR must be first: length(4) "IHDR"(4) width(4) height(4) depth(1) colour type(1) at offset 8.
        if (head.Length < 26 || !head[12..16].SequenceEqual("IHDR"u8))
        {
            return new ImageInfo(ImageFormat.Png, 0, 0, 0, false);
        }

        var width = BinaryPrimitives.ReadInt32BigEndian(head[16..20]);
        var height = BinaryPrimitives.ReadInt32BigEndian(head[20..24]);
        var colourType = head[25];

        // Walk chunks up to IDAT looking for tRNS (it must precede IDAT).
        var hasTrns = false;
        var offset = 8;
        while (offset + 8 <= head.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(head[offset..(offset + 4)]);
            var type = head[(offset + 4)..(offset + 8)];
            if (type.SequenceEqual("tRNS"u8))
            {
                hasTrns = true;
                break;
            }

            if (type.SequenceEqual("IDAT"u8) || length < 0 || length > head.Length - offset)
            {
                break;
            }

            offset += 12 + length;
        }

        return new ImageInfo(ImageFormat.Png, width, height, colourType, hasTrns);
    }
}
