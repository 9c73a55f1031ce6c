using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace OpenAI.PowerShell.Tests.Seam;

/// <summary>Small valid PNGs (signature, IHDR, zlib IDAT, IEND, with CRCs) for the image-edit seam tests.</summary>
internal static class ImageEditTestImages
{
    public static readonly byte[] Signature = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };

    /// <param name="colorType">6 is RGBA (has alpha), 2 is RGB (no alpha).</param>
    public static byte[] Png(int width, int height, int colorType = 6)
    {
        using var output = new MemoryStream();
        output.Write(Signature);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(0), width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;
        ihdr[9] = (byte)colorType;
        Chunk(output, "IHDR", ihdr);
        var channels = colorType == 6 ? 4 : 3;
        using (var idat = new MemoryStream())
        {
            using (var z = new ZLibStream(idat, CompressionLevel.Fastest, leaveOpen: true))
            {
                z.Write(new byte[(1 + width * channels) * height]);
            }
            Chunk(output, "IDAT", idat.ToArray());
        }
        Chunk(output, "IEND", Array.Empty<byte>());
        return output.ToArray();
    }

    public static bool IsPng(string path) => File.ReadAllBytes(path).AsSpan().StartsWith(Signature);

    private static void Chunk(Stream output, string type, byte[] data)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, data.Length);
        Encoding.ASCII.GetBytes(type, 0, 4, header, 4);
        output.Write(header);
        output.Write(data);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(header.Skip(4).Concat(data)));
        output.Write(crc);
    }

    private static uint Crc32(IEnumerable<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }
        return crc ^ 0xFFFFFFFFu;
    }
}
