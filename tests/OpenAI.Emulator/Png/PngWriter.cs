using System.Buffers.Binary;
using System.IO.Compression;

namespace OpenAI.Emulator.Png;

/// <summary>Writes small valid RGBA PNGs for the deterministic image responses.</summary>
internal static class PngWriter
{
    public static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// An RGBA image: a solid colour with a darker diagonal band, so it is not a flat fill.
    /// Rows use filter 0 and compress well, so even 1536x1024 is quick.
    /// </summary>
    public static byte[] Create(int width, int height, byte r, byte g, byte b, byte alpha)
    {
        using var output = new MemoryStream();
        output.Write(Signature);

        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(0), width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;  // bit depth
        ihdr[9] = 6;  // colour type RGBA
        WriteChunk(output, "IHDR", ihdr);

        using (var idat = new MemoryStream())
        {
            using (var zlib = new ZLibStream(idat, CompressionLevel.Fastest, leaveOpen: true))
            {
                var row = new byte[1 + (width * 4)];
                var band = Math.Max(1, width / 8);
                for (var y = 0; y < height; y++)
                {
                    row[0] = 0; // filter: none
                    for (var x = 0; x < width; x++)
                    {
                        var inBand = Math.Abs(x - y) < band;
                        var o = 1 + (x * 4);
                        row[o] = inBand ? (byte)(r / 2) : r;
                        row[o + 1] = inBand ? (byte)(g / 2) : g;
                        row[o + 2] = inBand ? (byte)(b / 2) : b;
                        row[o + 3] = alpha;
                    }

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
