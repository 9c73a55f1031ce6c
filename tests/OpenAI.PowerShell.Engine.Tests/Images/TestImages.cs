using System.IO.Compression;
using System.Text;

namespace OpenAI.PowerShell.Engine.Tests.Images;

/// <summary>Builds small but valid image files byte by byte, so the header tests need no fixtures.</summary>
internal static class TestImages
{
    /// <summary>A PNG: signature, IHDR, optional ancillary chunks and tRNS, IDAT (zlib), IEND, with CRCs.</summary>
    public static byte[] Png(int width, int height, int colorType = 6, bool trns = false, int bitDepth = 8,
        int padding = 0, bool trnsAfterIdat = false, byte[]? beforeIdat = null)
    {
        using var output = new MemoryStream();
        output.Write(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
        var ihdr = new byte[13];
        WriteBigEndian(ihdr, 0, (uint)width);
        WriteBigEndian(ihdr, 4, (uint)height);
        ihdr[8] = (byte)bitDepth;
        ihdr[9] = (byte)colorType;
        Chunk(output, "IHDR", ihdr);
        if (beforeIdat is not null)
        {
            Chunk(output, "tEXt", beforeIdat);
        }
        if (colorType == 3)
        {
            Chunk(output, "PLTE", new byte[] { 0, 0, 0, 255, 255, 255 });
        }
        if (trns && !trnsAfterIdat)
        {
            Chunk(output, "tRNS", colorType == 3 ? new byte[] { 0 } : new byte[] { 0, 0, 0, 0, 0, 0 });
        }
        Chunk(output, "IDAT", Deflate(Scanlines(width, height, colorType)));
        if (padding > 0)
        {
            // A private ancillary chunk after IDAT makes a file of a chosen size that is still valid.
            Chunk(output, "zzPD", new byte[padding]);
        }
        if (trns && trnsAfterIdat)
        {
            Chunk(output, "tRNS", new byte[] { 0, 0, 0, 0, 0, 0 });
        }
        Chunk(output, "IEND", Array.Empty<byte>());
        return output.ToArray();
    }

    /// <summary>A JPEG header: SOI, an APP0 (JFIF) segment, a DQT, then a frame marker with the size.</summary>
    public static byte[] Jpeg(int width, int height, byte sofMarker = 0xC0)
    {
        using var output = new MemoryStream();
        output.Write(new byte[] { 0xFF, 0xD8 });
        output.Write(new byte[] { 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0 });
        var dqt = new byte[67];
        output.Write(new byte[] { 0xFF, 0xDB, 0x00, 0x43 });
        output.Write(dqt, 0, 65);
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

    private static byte[] Scanlines(int width, int height, int colorType)
    {
        var channels = colorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };
        return new byte[(1 + width * channels) * height];
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

    private static void Chunk(Stream output, string type, byte[] data)
    {
        var header = new byte[8];
        WriteBigEndian(header, 0, (uint)data.Length);
        Encoding.ASCII.GetBytes(type, 0, 4, header, 4);
        output.Write(header);
        output.Write(data);
        var crc = Crc32(header.AsSpan(4, 4), data);
        var crcBytes = new byte[4];
        WriteBigEndian(crcBytes, 0, crc);
        output.Write(crcBytes);
    }

    private static void WriteBigEndian(byte[] target, int offset, uint value)
    {
        target[offset] = (byte)(value >> 24);
        target[offset + 1] = (byte)(value >> 16);
        target[offset + 2] = (byte)(value >> 8);
        target[offset + 3] = (byte)value;
    }

    private static uint Crc32(ReadOnlySpan<byte> type, byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in type) crc = Step(crc, b);
        foreach (var b in data) crc = Step(crc, b);
        return crc ^ 0xFFFFFFFFu;

        static uint Step(uint crc, byte b)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
            return crc;
        }
    }
}

/// <summary>A temp directory removed when the test ends.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "oai-img-" + Guid.NewGuid().ToString("N").Substring(0, 10));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name, byte[] content)
    {
        var path = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Every file in the directory, hidden temp files included.</summary>
    public string[] Files() => Directory.GetFiles(Path).Select(System.IO.Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray()!;

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
