using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace OpenAI.PowerShell.Hosted.Tests.Docs;

/// <summary>
/// Small valid images for the examples' input files. The module reads PNG headers (IHDR, tRNS)
/// and enough of JPEG and WebP for type and size; the emulator checks PNG signature, squareness
/// and mask size. The emulator's own PngWriter is internal, so this is a tiny public twin.
/// </summary>
public static class SampleImages
{
    /// <summary>A square RGBA PNG (colour type 6, so it has an alpha channel) with real scanlines.</summary>
    public static byte[] Png(int side, byte alpha = 255)
    {
        using var output = new MemoryStream();
        output.Write(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(0), side);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), side);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 6; // RGBA
        Chunk(output, "IHDR", ihdr);
        using (var idat = new MemoryStream())
        {
            using (var zlib = new ZLibStream(idat, CompressionLevel.Fastest, leaveOpen: true))
            {
                var row = new byte[1 + side * 4];
                for (var x = 0; x < side; x++)
                {
                    row[1 + x * 4] = (byte)(x * 4);
                    row[1 + x * 4 + 3] = alpha;
                }
                for (var y = 0; y < side; y++)
                {
                    zlib.Write(row);
                }
            }
            Chunk(output, "IDAT", idat.ToArray());
        }
        Chunk(output, "IEND", Array.Empty<byte>());
        return output.ToArray();
    }

    /// <summary>A baseline JPEG header: SOI, APP0 (JFIF), SOF0 with the size, SOS, EOI.</summary>
    public static byte[] Jpeg(int side)
    {
        using var output = new MemoryStream();
        output.Write(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0 });
        output.Write(new byte[] { 0xFF, 0xC0, 0x00, 0x11, 0x08, (byte)(side >> 8), (byte)side, (byte)(side >> 8), (byte)side, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1 });
        output.Write(new byte[] { 0xFF, 0xDA, 0x00, 0x02, 0xFF, 0xD9 });
        return output.ToArray();
    }

    /// <summary>A lossy WebP: RIFF/WEBP with a VP8 chunk whose frame header carries the size.</summary>
    public static byte[] Webp(int side)
    {
        var vp8 = new byte[] { 0x30, 0x01, 0x00, 0x9D, 0x01, 0x2A, (byte)side, (byte)((side >> 8) & 0x3F), (byte)side, (byte)((side >> 8) & 0x3F), 0, 0 };
        using var output = new MemoryStream();
        output.Write(Encoding.ASCII.GetBytes("RIFF"));
        output.Write(BitConverter.GetBytes(4 + 8 + vp8.Length));
        output.Write(Encoding.ASCII.GetBytes("WEBPVP8 "));
        output.Write(BitConverter.GetBytes(vp8.Length));
        output.Write(vp8);
        return output.ToArray();
    }

    private static void Chunk(Stream output, string type, byte[] data)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, data.Length);
        Encoding.ASCII.GetBytes(type, 0, 4, header, 4);
        output.Write(header);
        output.Write(data);
        var crc = 0xFFFFFFFFu;
        foreach (var b in header.AsSpan(4).ToArray().Concat(data))
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }
        var tail = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(tail, crc ^ 0xFFFFFFFFu);
        output.Write(tail);
    }
}
