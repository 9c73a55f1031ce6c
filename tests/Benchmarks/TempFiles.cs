using System.Buffers.Binary;
using System.Text;

namespace Benchmarks;

/// <summary>Where the repository is, so results land in tests/Benchmarks/results whatever the working directory.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OpenAI.PowerShell.sln")))
            {
                return dir.FullName;
            }
        }
        return Directory.GetCurrentDirectory();
    }
}

/// <summary>Source files for the runs: random bytes (nothing compresses or dedupes) and large valid PNGs.</summary>
internal static class TempFiles
{
    private const int Chunk = 4 * 1024 * 1024;

    public static string CreateRoot(string? parent)
    {
        var root = Path.Combine(parent ?? Path.GetTempPath(), "oai-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        return root;
    }

    public static string CreateRandomFile(string path, long length, int seed)
    {
        var random = new Random(seed);
        var buffer = new byte[Chunk];
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        for (long written = 0; written < length; written += Chunk)
        {
            random.NextBytes(buffer);
            file.Write(buffer, 0, (int)Math.Min(Chunk, length - written));
        }
        return path;
    }

    /// <summary>Copies [offset, offset+length) of a file to its own file, for curl's -F data=@file.</summary>
    public static void CopyRange(string source, long offset, long length, string target)
    {
        using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        input.Position = offset;
        var buffer = new byte[Chunk];
        while (length > 0)
        {
            var read = input.Read(buffer, 0, (int)Math.Min(buffer.Length, length));
            if (read == 0)
            {
                throw new EndOfStreamException(source);
            }
            output.Write(buffer, 0, read);
            length -= read;
        }
    }

    /// <summary>
    /// A fully valid RGB PNG of about <paramref name="bytes"/> bytes: random pixels in stored
    /// (uncompressed) deflate blocks, so the size is exact and any decoder would accept it.
    /// </summary>
    public static void CreatePng(string path, long bytes, int seed)
    {
        const int width = 2048;
        const int rowBytes = 1 + width * 3; // filter byte + RGB
        var height = (int)Math.Max(16, (bytes - 100) / (rowBytes + 5.0 * rowBytes / 65535));
        var raw = (long)rowBytes * height;
        var blocks = (raw + 65534) / 65535;
        var idatLength = 2 + raw + 5 * blocks + 4;

        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        file.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;  // bit depth
        ihdr[9] = 2;  // colour type: RGB
        WriteChunk(file, "IHDR", ihdr);

        var chunk = new ChunkWriter(file, "IDAT", idatLength);
        chunk.Write([0x78, 0x01]);
        var random = new Random(seed);
        var row = new byte[rowBytes];
        var block = new byte[65535];
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
                    WriteStoredBlock(chunk, block, fill, last);
                    fill = 0;
                }
            }
        }
        var adler = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(adler, (b << 16) | a);
        chunk.Write(adler);
        chunk.Finish();
        WriteChunk(file, "IEND", []);
    }

    private static void WriteStoredBlock(ChunkWriter chunk, byte[] block, int count, bool last)
    {
        var header = new byte[5];
        header[0] = (byte)(last ? 1 : 0);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(1), (ushort)count);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(3), (ushort)~count);
        chunk.Write(header);
        chunk.Write(block.AsSpan(0, count));
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        var chunk = new ChunkWriter(stream, type, data.Length);
        chunk.Write(data);
        chunk.Finish();
    }

    public static void DeleteDirectory(string path)
    {
        for (var attempt = 0; attempt < 5 && Directory.Exists(path); attempt++)
        {
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (IOException) when (attempt < 4)
            {
                Thread.Sleep(200); // a just-killed process may still hold a file
            }
            catch (UnauthorizedAccessException) when (attempt < 4)
            {
                Thread.Sleep(200);
            }
        }
    }

    /// <summary>Writes one PNG chunk with its CRC, streaming the data.</summary>
    private sealed class ChunkWriter
    {
        private static readonly uint[] Table = BuildTable();
        private readonly Stream _stream;
        private readonly long _expected;
        private long _written;
        private uint _crc = 0xFFFFFFFF;

        public ChunkWriter(Stream stream, string type, long length)
        {
            _stream = stream;
            _expected = length;
            var head = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(head, checked((uint)length));
            stream.Write(head);
            var typeBytes = Encoding.ASCII.GetBytes(type);
            stream.Write(typeBytes);
            Update(typeBytes);
        }

        public void Write(ReadOnlySpan<byte> data)
        {
            _stream.Write(data);
            Update(data);
            _written += data.Length;
        }

        public void Finish()
        {
            if (_written != _expected)
            {
                throw new InvalidOperationException($"PNG chunk length {_written} != declared {_expected}.");
            }
            var crc = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(crc, _crc ^ 0xFFFFFFFF);
            _stream.Write(crc);
        }

        private void Update(ReadOnlySpan<byte> data)
        {
            var c = _crc;
            foreach (var value in data)
            {
                c = Table[(c ^ value) & 0xFF] ^ (c >> 8);
            }
            _crc = c;
        }

        private static uint[] BuildTable()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                var c = n;
                for (var k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
                }
                table[n] = c;
            }
            return table;
        }
    }
}
