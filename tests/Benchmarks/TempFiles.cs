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

/// <summary>Source files for the runs: random bytes (nothing compresses or dedupes); large PNGs come from TestImages.WriteLargePng.</summary>
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
}
