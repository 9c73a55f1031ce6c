using System.Security.Cryptography;

namespace OpenAI.PowerShell.TestSupport;

/// <summary>Temporary files with known content, removed when disposed.</summary>
public sealed class TestFiles : IDisposable
{
    public TestFiles() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "oai-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>A file of <paramref name="length"/> pseudo-random bytes (seeded, so runs repeat).</summary>
    public string Create(string name, long length, int seed = 1)
    {
        var path = Combine(name);
        var random = new Random(seed);
        var buffer = new byte[Math.Min(length, 1 << 20)];
        using var stream = File.Create(path);
        for (long written = 0; written < length; written += buffer.Length)
        {
            random.NextBytes(buffer);
            stream.Write(buffer, 0, (int)Math.Min(buffer.Length, length - written));
        }
        return path;
    }

    /// <summary>A JSONL file of exactly <paramref name="length"/> bytes that passes the batch (or fine-tune) check.</summary>
    public string CreateJsonl(string name, long length, bool fineTune = false, int seed = 1)
    {
        var path = Combine(name);
        using (var stream = File.Create(path))
        {
            JsonlSamples.Write(stream, length, fineTune, seed);
        }
        return path;
    }

    /// <summary>A file with exactly these bytes.</summary>
    public string Write(string name, byte[] content)
    {
        var path = Combine(name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string Combine(string name) => Path.Combine(Root, name);

    /// <summary>The names of the files in the folder, hidden temp files included, in ordinal order.</summary>
    public string[] Names() => Directory.GetFiles(Root).Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal).ToArray();

    public static string Md5Hex(byte[] bytes) => Convert.ToHexString(MD5.HashData(bytes)).ToLowerInvariant();

    public static string Md5Hex(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(MD5.HashData(stream)).ToLowerInvariant();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Keeps the module's resume records in a temp folder for the whole test process.</summary>
public static class TestStateFolder
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "oai-test-state-" + Environment.ProcessId);

    public static void Use() => Environment.SetEnvironmentVariable("OPENAI_POWERSHELL_STATE_DIR", Folder);
}
