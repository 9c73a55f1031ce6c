using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace OpenAI.PowerShell.Hosted.Tests.Hosting;

/// <summary>
/// Small valid PNG fixtures: signature, IHDR, one IDAT of stored (uncompressed) zlib data, IEND,
/// each chunk with its CRC. All pixels are zero; only the header matters to the checks.
/// The emulator's PngWriter is internal to it, so the hosted tests write their own.
/// </summary>
public static class TestPng
{
    private static readonly byte[] Signature = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>Writes a PNG file and returns its full path.</summary>
    /// <param name="alpha">True: colour type 6 (RGBA, has transparency). False: colour type 2 (RGB, opaque).</param>
    public static string Write(string path, int width, int height, bool alpha = false)
    {
        File.WriteAllBytes(path, Create(width, height, alpha));
        return Path.GetFullPath(path);
    }

    /// <summary>The bytes of a PNG; see <see cref="Write"/>.</summary>
    public static byte[] Create(int width, int height, bool alpha = false)
    {
        using var png = new MemoryStream();
        png.Write(Signature);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(0), width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;                          // bits per channel
        ihdr[9] = (byte)(alpha ? 6 : 2);      // colour type; compression, filter and interlace stay 0
        Chunk(png, "IHDR", ihdr);
        using (var idat = new MemoryStream())
        {
            using (var zlib = new ZLibStream(idat, CompressionLevel.NoCompression, leaveOpen: true))
            {
                // Each row: filter byte 0, then the pixels.
                zlib.Write(new byte[(1 + width * (alpha ? 4 : 3)) * height]);
            }
            Chunk(png, "IDAT", idat.ToArray());
        }
        Chunk(png, "IEND", Array.Empty<byte>());
        return png.ToArray();
    }

    /// <summary>True when the file starts with the PNG signature.</summary>
    public static bool IsPng(string path)
    {
        using var stream = File.OpenRead(path);
        var head = new byte[Signature.Length];
        return stream.Read(head) == head.Length && head.AsSpan().SequenceEqual(Signature);
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var typeAndData = new byte[4 + data.Length];
        Encoding.ASCII.GetBytes(type, 0, 4, typeAndData, 0);
        data.CopyTo(typeAndData, 4);
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        png.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32(typeAndData));
        png.Write(number);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }
        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }
            table[n] = c;
        }
        return table;
    }
}
