using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace OpenAI.PowerShell.TestSupport;

/// <summary>
/// The one writer of test images: valid PNGs byte by byte (in memory, or streamed for large files),
/// and just enough of JPEG and WebP for their headers. All chunks go through <see cref="PngChunkWriter"/>,
/// which owns the only CRC-32. The emulator's PngWriter is the fake server's response generator, not this.
/// </summary>
public static class TestImages
{
    private static readonly byte[] Signature = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };

    /// <summary>
    /// A PNG: signature, IHDR, optional ancillary chunks and tRNS, one IDAT (zlib) of zero pixels, IEND.
    /// Colour type 6 (RGBA) and 4 (grey+alpha) have an alpha channel; 2 (RGB), 0 (grey) and 3 (palette) do not.
    /// </summary>
    /// <param name="trns">Adds a tRNS chunk (transparency without an alpha channel).</param>
    /// <param name="padding">Bytes of a private ancillary chunk after IDAT, for a valid file of a chosen size.</param>
    /// <param name="trnsAfterIdat">Puts tRNS after IDAT, where readers must not look for it.</param>
    /// <param name="beforeIdat">Data of a tEXt chunk between IHDR and IDAT.</param>
    public static byte[] Png(int width, int height, int colorType = 6, bool trns = false, int bitDepth = 8,
        int padding = 0, bool trnsAfterIdat = false, byte[]? beforeIdat = null)
    {
        using var output = new MemoryStream();
        output.Write(Signature);
        PngChunkWriter.Write(output, "IHDR", Ihdr(width, height, bitDepth, colorType));
        if (beforeIdat is not null)
        {
            PngChunkWriter.Write(output, "tEXt", beforeIdat);
        }
        if (colorType == 3)
        {
            PngChunkWriter.Write(output, "PLTE", new byte[] { 0, 0, 0, 255, 255, 255 });
        }
        if (trns && !trnsAfterIdat)
        {
            PngChunkWriter.Write(output, "tRNS", colorType == 3 ? new byte[] { 0 } : new byte[6]);
        }
        PngChunkWriter.Write(output, "IDAT", Deflate(new byte[(1 + RowBytes(width, colorType, bitDepth)) * height]));
        if (padding > 0)
        {
            PngChunkWriter.Write(output, "zzPD", new byte[padding]);
        }
        if (trns && trnsAfterIdat)
        {
            PngChunkWriter.Write(output, "tRNS", new byte[6]);
        }
        PngChunkWriter.Write(output, "IEND", ReadOnlySpan<byte>.Empty);
        return output.ToArray();
    }

    /// <summary>Writes <see cref="Png"/> to a file and returns its full path.</summary>
    public static string WritePng(string path, int width, int height, int colorType = 6)
    {
        File.WriteAllBytes(path, Png(width, height, colorType));
        return Path.GetFullPath(path);
    }

    /// <summary>True when the file starts with the PNG signature.</summary>
    public static bool IsPng(string path)
    {
        using var stream = File.OpenRead(path);
        var head = new byte[Signature.Length];
        return stream.Read(head) == head.Length && head.AsSpan().SequenceEqual(Signature);
    }

    /// <summary>
    /// A new, fully valid RGB PNG of about <paramref name="bytes"/> bytes, streamed to disk: random pixels
    /// (seeded) in stored (uncompressed) deflate blocks, so the size is exact and any decoder would accept it.
    /// <paramref name="width"/> pixels wide; the height follows from the size (at least 16 rows).
    /// </summary>
    public static void WriteLargePng(string path, long bytes, int seed, int width = 2048)
    {
        var rowBytes = 1 + width * 3; // filter byte + RGB
        const int blockSize = 65535;        // the most a stored deflate block holds
        var height = (int)Math.Max(16, (bytes - 100) / (rowBytes + 5.0 * rowBytes / blockSize));
        var raw = (long)rowBytes * height;
        var blocks = (raw + blockSize - 1) / blockSize;

        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        file.Write(Signature);
        PngChunkWriter.Write(file, "IHDR", Ihdr(width, height, bitDepth: 8, colorType: 2));

        // zlib header, stored blocks (5-byte header each), Adler-32.
        var idat = new PngChunkWriter(file, "IDAT", 2 + raw + 5 * blocks + 4);
        idat.Write([0x78, 0x01]);
        var random = new Random(seed);
        var row = new byte[rowBytes];
        var block = new byte[blockSize];
        var fill = 0;
        uint a = 1, b = 0;
        for (var y = 0; y < height; y++)
        {
            random.NextBytes(row);
            row[0] = 0; // filter: none
            foreach (var value in row)
            {
                a = (a + value) % 65521;
                b = (b + a) % 65521;
            }
            for (var taken = 0; taken < row.Length;)
            {
                var n = Math.Min(row.Length - taken, block.Length - fill);
                Array.Copy(row, taken, block, fill, n);
                fill += n;
                taken += n;
                var last = y == height - 1 && taken == row.Length;
                if (fill == block.Length || last)
                {
                    var header = new byte[5];
                    header[0] = (byte)(last ? 1 : 0);
                    BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(1), (ushort)fill);
                    BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(3), (ushort)~fill);
                    idat.Write(header);
                    idat.Write(block.AsSpan(0, fill));
                    fill = 0;
                }
            }
        }
        var adler = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(adler, (b << 16) | a);
        idat.Write(adler);
        idat.Finish();
        PngChunkWriter.Write(file, "IEND", ReadOnlySpan<byte>.Empty);
    }

    /// <summary>A JPEG header: SOI, an APP0 (JFIF) segment, a DQT, then a frame marker with the size, SOS, EOI.</summary>
    public static byte[] Jpeg(int width, int height, byte sofMarker = 0xC0)
    {
        using var output = new MemoryStream();
        output.Write(new byte[] { 0xFF, 0xD8 });
        output.Write(new byte[] { 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0 });
        output.Write(new byte[] { 0xFF, 0xDB, 0x00, 0x43 });
        output.Write(new byte[65]);
        output.Write(new byte[] { 0xFF, 0xFF, sofMarker, 0x00, 0x11, 0x08, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 0x03,
            1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1 });
        output.Write(new byte[] { 0xFF, 0xDA, 0x00, 0x02, 0x00, 0xFF, 0xD9 });
        return output.ToArray();
    }

    /// <summary>A lossy WebP: RIFF/WEBP with a VP8 chunk whose frame header carries the size.</summary>
    public static byte[] WebpLossy(int width, int height)
    {
        var data = new byte[] { 0x30, 0x01, 0x00, 0x9D, 0x01, 0x2A, (byte)width, (byte)((width >> 8) & 0x3F), (byte)height, (byte)((height >> 8) & 0x3F), 0, 0 };
        return Riff("VP8 ", data);
    }

    /// <summary>A lossless WebP: VP8L signature 0x2F, then 14-bit width-1, height-1 and the alpha bit.</summary>
    public static byte[] WebpLossless(int width, int height, bool alpha)
    {
        var bits = (uint)(width - 1) | (uint)(height - 1) << 14 | (alpha ? 1u : 0u) << 28;
        return Riff("VP8L", new byte[] { 0x2F, (byte)bits, (byte)(bits >> 8), (byte)(bits >> 16), (byte)(bits >> 24), 0 });
    }

    /// <summary>An extended WebP: VP8X flags (alpha 0x10) and 24-bit canvas width-1 and height-1.</summary>
    public static byte[] WebpExtended(int width, int height, bool alpha)
    {
        int w = width - 1, h = height - 1;
        return Riff("VP8X", new byte[] { (byte)(alpha ? 0x10 : 0), 0, 0, 0, (byte)w, (byte)(w >> 8), (byte)(w >> 16), (byte)h, (byte)(h >> 8), (byte)(h >> 16) });
    }

    private static byte[] Riff(string fourCc, byte[] data)
    {
        using var output = new MemoryStream();
        output.Write(Encoding.ASCII.GetBytes("RIFF"));
        output.Write(BitConverter.GetBytes(4 + 8 + data.Length));
        output.Write(Encoding.ASCII.GetBytes("WEBP"));
        output.Write(Encoding.ASCII.GetBytes(fourCc));
        output.Write(BitConverter.GetBytes(data.Length));
        output.Write(data);
        return output.ToArray();
    }

    private static byte[] Ihdr(int width, int height, int bitDepth, int colorType)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(0), width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = (byte)bitDepth;
        ihdr[9] = (byte)colorType; // compression, filter and interlace stay 0
        return ihdr;
    }

    /// <summary>Bytes of one scanline after its filter byte.</summary>
    private static int RowBytes(int width, int colorType, int bitDepth)
    {
        var channels = colorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };
        return (width * channels * bitDepth + 7) / 8;
    }

    private static byte[] Deflate(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            z.Write(raw);
        }
        return output.ToArray();
    }
}

/// <summary>Writes one PNG chunk (length, type, data, CRC-32 of type and data), streaming the data.</summary>
public sealed class PngChunkWriter
{
    private static readonly uint[] CrcTable = BuildCrcTable();
    private readonly Stream _stream;
    private readonly long _declared;
    private long _written;
    private uint _crc = 0xFFFFFFFFu;

    /// <summary>Starts a chunk of <paramref name="length"/> data bytes; write them, then <see cref="Finish"/>.</summary>
    public PngChunkWriter(Stream stream, string type, long length)
    {
        _stream = stream;
        _declared = length;
        var head = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(head, checked((uint)length));
        stream.Write(head);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        stream.Write(typeBytes);
        Update(typeBytes);
    }

    /// <summary>A whole chunk at once.</summary>
    public static void Write(Stream stream, string type, ReadOnlySpan<byte> data)
    {
        var chunk = new PngChunkWriter(stream, type, data.Length);
        chunk.Write(data);
        chunk.Finish();
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        _stream.Write(data);
        Update(data);
        _written += data.Length;
    }

    /// <summary>Checks the declared length was written and appends the CRC.</summary>
    public void Finish()
    {
        if (_written != _declared)
        {
            throw new InvalidOperationException($"PNG chunk length {_written} != declared {_declared}.");
        }
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, _crc ^ 0xFFFFFFFFu);
        _stream.Write(crc);
    }

    private void Update(ReadOnlySpan<byte> data)
    {
        var c = _crc;
        foreach (var value in data)
        {
            c = CrcTable[(c ^ value) & 0xFF] ^ (c >> 8);
        }
        _crc = c;
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
