using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace OpenAI.Emulator.Png;

/// <summary>Writes valid PNGs for the image responses: small solid ones, or incompressible noise of a chosen size.</summary>
internal static class PngWriter
{
    public static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private const byte Rgb = 2;
    private const byte Rgba = 6;

    /// <summary>
    /// An RGBA image: a solid colour with a darker diagonal band, so it is not a flat fill.
    /// Rows use filter 0 and compress well, so even 1536x1024 is quick.
    /// </summary>
    public static byte[] Create(int width, int height, byte r, byte g, byte b, byte alpha)
    {
        var band = Math.Max(1, width / 8);
        return Write(width, height, Rgba, CompressionLevel.Fastest, (y, row) =>
        {
            for (var x = 0; x < width; x++)
            {
                var inBand = Math.Abs(x - y) < band;
                var o = 1 + (x * 4);
                row[o] = inBand ? (byte)(r / 2) : r;
                row[o + 1] = inBand ? (byte)(g / 2) : g;
                row[o + 2] = inBand ? (byte)(b / 2) : b;
                row[o + 3] = alpha;
            }
        });
    }

    /// <summary>
    /// A square RGB image of random pixels (seeded) in stored deflate blocks: about <paramref name="bytes"/>
    /// long, as a photo that does not compress would be. Its side follows from the size.
    /// </summary>
    public static byte[] Noise(int bytes, ulong seed)
    {
        var side = Math.Max(1, (int)Math.Sqrt(bytes / 3.0));
        // xorshift64: fast and the same for the same seed; never zero.
        var state = seed * 0x9E3779B97F4A7C15UL | 1;
        return Write(side, side, Rgb, CompressionLevel.NoCompression, (_, row) =>
        {
            var pixels = row.AsSpan(1);
            var words = MemoryMarshal.Cast<byte, ulong>(pixels);
            for (var i = 0; i < words.Length; i++)
            {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                words[i] = state;
            }
            for (var i = words.Length * sizeof(ulong); i < pixels.Length; i++)
            {
                pixels[i] = (byte)(state >> (i % 8 * 8));
            }
        });
    }

    /// <summary>Signature, IHDR, one zlib IDAT of rows (filter 0; <paramref name="fillRow"/> writes the pixels after it), IEND.</summary>
    private static byte[] Write(int width, int height, byte colorType, CompressionLevel level, Action<int, byte[]> fillRow)
    {
        var channels = colorType == Rgba ? 4 : 3;
        using var output = new MemoryStream();
        output.Write(Signature);

        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(0), width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = colorType;
        WriteChunk(output, "IHDR", ihdr);

        using (var idat = new MemoryStream())
        {
            using (var zlib = new ZLibStream(idat, level, leaveOpen: true))
            {
                var row = new byte[1 + (width * channels)];
                for (var y = 0; y < height; y++)
                {
                    row[0] = 0; // filter: none
                    fillRow(y, row);
                    zlib.Write(row);
                }
            }

            WriteChunk(output, "IDAT", idat.ToArray());
        }

        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    private static void WriteChunk(Stream output, string type, byte[] data)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, data.Length);
        for (var i = 0; i < 4; i++)
        {
            header[4 + i] = (byte)type[i];
        }

        output.Write(header);
        output.Write(data);
        var crc = Crc32.Update(Crc32.Compute(header[4..]), data);
        Span<byte> crcBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crcBytes, crc);
        output.Write(crcBytes);
    }
}
