using System.IO;

namespace OpenAI.PowerShell.Images;

/// <summary>
/// Reads the type, dimensions and alpha of PNG, JPEG and WebP files from their headers alone,
/// seeking past chunk and segment bodies so the pixel data is never read.
/// </summary>
internal static class ImageHeaderReader
{
    private static readonly byte[] PngSignature = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };
    // Bounds the walk over a hostile file; real headers need a handful of chunks or segments.
    private const int MaxChunks = 4096;

    /// <summary>Kind is Unknown when no known signature matches.</summary>
    /// <exception cref="InvalidDataException">The signature matched but the header is broken or cut short.</exception>
    public static ImageHeader Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 512);
        return Read(stream);
    }

    /// <summary>The kind from the signature alone, for the first bytes of something that is not a whole file yet.</summary>
    public static ImageKind KindOf(byte[] start) =>
        StartsWith(start, PngSignature) ? ImageKind.Png
        : start.Length >= 3 && start[0] == 0xFF && start[1] == 0xD8 && start[2] == 0xFF ? ImageKind.Jpeg
        : start.Length >= 12 && Ascii(start, 0, 4) == "RIFF" && Ascii(start, 8, 4) == "WEBP" ? ImageKind.Webp
        : ImageKind.Unknown;

    public static ImageHeader Read(Stream stream)
    {
        var length = stream.CanSeek ? stream.Length : -1;
        var reader = new HeaderStream(stream);
        var start = reader.ReadUpTo(12);
        if (StartsWith(start, PngSignature))
        {
            return ReadPng(reader, length);
        }
        if (start.Length >= 3 && start[0] == 0xFF && start[1] == 0xD8 && start[2] == 0xFF)
        {
            return ReadJpeg(reader, length);
        }
        if (start.Length == 12 && Ascii(start, 0, 4) == "RIFF" && Ascii(start, 8, 4) == "WEBP")
        {
            return ReadWebp(reader, length);
        }
        return new ImageHeader { Kind = ImageKind.Unknown, FileLength = length };
    }

    private static ImageHeader ReadPng(HeaderStream reader, long length)
    {
        // 12 bytes are consumed: the 8-byte signature and the IHDR chunk's length and type.
        reader.Position = 8;
        var ihdrLength = reader.ReadUInt32BigEndian();
        if (ihdrLength != 13 || Ascii(reader.ReadExactly(4), 0, 4) != "IHDR")
        {
            throw new InvalidDataException("The PNG's first chunk is not a 13-byte IHDR.");
        }
        var ihdr = reader.ReadExactly(13);
        var width = BigEndian32(ihdr, 0);
        var height = BigEndian32(ihdr, 4);
        if (width is 0 or > int.MaxValue || height is 0 or > int.MaxValue)
        {
            throw new InvalidDataException("The PNG's IHDR has a zero or out-of-range dimension.");
        }
        int bitDepth = ihdr[8], colorType = ihdr[9];
        reader.Skip(4); // CRC

        // tRNS must come before IDAT to count; stop at the first IDAT.
        var hasTrns = false;
        for (var i = 0; i < MaxChunks; i++)
        {
            var chunkLength = reader.ReadUInt32BigEndian();
            var type = Ascii(reader.ReadExactly(4), 0, 4);
            if (type is "IDAT" or "IEND")
            {
                break;
            }
            if (type == "tRNS")
            {
                hasTrns = true;
                break;
            }
            reader.Skip(chunkLength + 4L);
        }
        return new ImageHeader
        {
            Kind = ImageKind.Png,
            Width = (int)width,
            Height = (int)height,
            BitDepth = bitDepth,
            ColorType = colorType,
            HasTransparencyChunk = hasTrns,
            HasAlpha = colorType is 4 or 6 || hasTrns,
            FileLength = length,
        };
    }

    private static ImageHeader ReadJpeg(HeaderStream reader, long length)
    {
        reader.Position = 2;
        for (var i = 0; i < MaxChunks; i++)
        {
            if (reader.ReadByte() != 0xFF)
            {
                throw new InvalidDataException("The JPEG has no marker where one was expected.");
            }
            int marker;
            do
            {
                marker = reader.ReadByte(); // 0xFF may repeat as fill before the marker
            }
            while (marker == 0xFF);

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                continue; // TEM and RSTn carry no length
            }
            if (marker is 0xD9 or 0xDA)
            {
                throw new InvalidDataException("The JPEG reached its scan data without a frame header.");
            }
            var segmentLength = reader.ReadUInt16BigEndian();
            if (segmentLength < 2)
            {
                throw new InvalidDataException("The JPEG has a segment shorter than its length field.");
            }
            // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                var frame = reader.ReadExactly(5);
                int height = (frame[1] << 8) | frame[2];
                int width = (frame[3] << 8) | frame[4];
                if (width == 0 || height == 0)
                {
                    throw new InvalidDataException("The JPEG frame header has a zero dimension.");
                }
                return new ImageHeader { Kind = ImageKind.Jpeg, Width = width, Height = height, FileLength = length };
            }
            reader.Skip(segmentLength - 2);
        }
        throw new InvalidDataException("The JPEG has no frame header within its first segments.");
    }

    private static ImageHeader ReadWebp(HeaderStream reader, long length)
    {
        reader.Position = 12;
        var fourCc = Ascii(reader.ReadExactly(4), 0, 4);
        reader.Skip(4); // chunk size
        int width, height;
        var alpha = false;
        switch (fourCc)
        {
            case "VP8 ":
            {
                // Frame tag (3 bytes), start code 9D 01 2A, then 14-bit width and height.
                var data = reader.ReadExactly(10);
                if (data[3] != 0x9D || data[4] != 0x01 || data[5] != 0x2A)
                {
                    throw new InvalidDataException("The WebP VP8 chunk has no start code.");
                }
                width = (data[6] | (data[7] << 8)) & 0x3FFF;
                height = (data[8] | (data[9] << 8)) & 0x3FFF;
                break;
            }
            case "VP8L":
            {
                var data = reader.ReadExactly(5);
                if (data[0] != 0x2F)
                {
                    throw new InvalidDataException("The WebP VP8L chunk has no signature byte.");
                }
                var bits = (uint)(data[1] | (data[2] << 8) | (data[3] << 16) | (data[4] << 24));
                width = (int)(bits & 0x3FFF) + 1;
                height = (int)((bits >> 14) & 0x3FFF) + 1;
                alpha = ((bits >> 28) & 1) == 1;
                break;
            }
            case "VP8X":
            {
                var data = reader.ReadExactly(10);
                alpha = (data[0] & 0x10) != 0;
                width = (data[4] | (data[5] << 8) | (data[6] << 16)) + 1;
                height = (data[7] | (data[8] << 8) | (data[9] << 16)) + 1;
                break;
            }
            default:
                throw new InvalidDataException($"The WebP starts with an unknown chunk '{fourCc}'.");
        }
        if (width == 0 || height == 0)
        {
            throw new InvalidDataException("The WebP has a zero dimension.");
        }
        return new ImageHeader { Kind = ImageKind.Webp, Width = width, Height = height, HasAlpha = alpha, FileLength = length };
    }

    private static bool StartsWith(byte[] data, byte[] prefix)
    {
        if (data.Length < prefix.Length)
        {
            return false;
        }
        for (var i = 0; i < prefix.Length; i++)
        {
            if (data[i] != prefix[i])
            {
                return false;
            }
        }
        return true;
    }

    private static string Ascii(byte[] data, int offset, int count) =>
        data.Length < offset + count ? "" : System.Text.Encoding.ASCII.GetString(data, offset, count);

    private static uint BigEndian32(byte[] data, int offset) =>
        (uint)(data[offset] << 24 | data[offset + 1] << 16 | data[offset + 2] << 8 | data[offset + 3]);

    /// <summary>Small reads over a stream; seeks past bodies when it can, else reads and drops them.</summary>
    private sealed class HeaderStream
    {
        private readonly Stream _stream;
        private readonly byte[] _scratch = new byte[4096];
        private byte[] _prefix = Array.Empty<byte>();
        private long _position;

        public HeaderStream(Stream stream) => _stream = stream;

        /// <summary>Only rewinds within the first bytes read (the signature), which are kept.</summary>
        public long Position
        {
            get => _position;
            set
            {
                if (value > _prefix.Length)
                {
                    throw new InvalidOperationException("Can only rewind within the signature.");
                }
                _position = value;
            }
        }

        public byte[] ReadUpTo(int count)
        {
            var buffer = new byte[count];
            var read = ReadCore(buffer, 0, count);
            if (read < count)
            {
                Array.Resize(ref buffer, read);
            }
            _prefix = buffer;
            return buffer;
        }

        public byte[] ReadExactly(int count)
        {
            var buffer = new byte[count];
            if (ReadCore(buffer, 0, count) < count)
            {
                throw new InvalidDataException("The image header is cut short.");
            }
            return buffer;
        }

        public int ReadByte() => ReadExactly(1)[0];

        public uint ReadUInt32BigEndian() => BigEndian32(ReadExactly(4), 0);

        public int ReadUInt16BigEndian()
        {
            var b = ReadExactly(2);
            return (b[0] << 8) | b[1];
        }

        public void Skip(long count)
        {
            // Bytes still pending from the kept prefix are consumed first.
            var fromPrefix = Math.Min(count, Math.Max(0, _prefix.Length - _position));
            _position += fromPrefix;
            count -= fromPrefix;
            if (count <= 0)
            {
                return;
            }
            if (_stream.CanSeek)
            {
                if (_stream.Position + count > _stream.Length)
                {
                    throw new InvalidDataException("The image header is cut short.");
                }
                _stream.Seek(count, SeekOrigin.Current);
                _position += count;
                return;
            }
            while (count > 0)
            {
                var read = _stream.Read(_scratch, 0, (int)Math.Min(_scratch.Length, count));
                if (read == 0)
                {
                    throw new InvalidDataException("The image header is cut short.");
                }
                count -= read;
                _position += read;
            }
        }

        private int ReadCore(byte[] buffer, int offset, int count)
        {
            var total = 0;
            while (total < count && _position < _prefix.Length)
            {
                buffer[offset + total++] = _prefix[_position++];
            }
            while (total < count)
            {
                var read = _stream.Read(buffer, offset + total, count - total);
                if (read == 0)
                {
                    break;
                }
                total += read;
                _position += read;
            }
            return total;
        }
    }
}
