using System.Text;

namespace OpenAI.PowerShell.TestSupport;

/// <summary>
/// JSONL files of an exact length that pass the module's check: a batch file (one request per line,
/// all to /v1/chat/completions) or a fine-tuning file (chat examples). Every line differs, so parts
/// joined in the wrong order change the md5; the seed changes the padding.
/// </summary>
public static class JsonlSamples
{
    private const int LineTarget = 200;

    /// <summary>The shortest file that can be written: one line with no padding.</summary>
    public static int MinLength(bool fineTune) => Line(fineTune, 1, 0, "").Length;

    public static void Write(Stream stream, long length, bool fineTune, int seed)
    {
        if (length == 0)
        {
            return; // an empty file, for the tests of empty files
        }
        if (length < MinLength(fineTune))
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"A valid JSONL sample needs at least {MinLength(fineTune)} bytes.");
        }
        var random = new Random(seed);
        var fixedLength = MinLength(fineTune);
        using var writer = new BufferedStream(stream, 1 << 16);
        long remaining = length;
        for (var n = 1; remaining > 0; n++)
        {
            // Full lines while a whole one still leaves room for the last; the last is padded to fit exactly.
            var size = remaining >= LineTarget + fixedLength ? LineTarget : (int)remaining;
            var pad = new char[size - fixedLength];
            for (var i = 0; i < pad.Length; i++)
            {
                pad[i] = (char)('a' + random.Next(26));
            }
            var bytes = Encoding.ASCII.GetBytes(Line(fineTune, n, seed, new string(pad)));
            writer.Write(bytes, 0, bytes.Length);
            remaining -= bytes.Length;
        }
    }

    public static byte[] Bytes(long length, bool fineTune, int seed)
    {
        using var memory = new MemoryStream();
        Write(memory, length, fineTune, seed);
        return memory.ToArray();
    }

    private static string Line(bool fineTune, int n, int seed, string pad) => fineTune
        ? $"{{\"messages\":[{{\"role\":\"user\",\"content\":\"q{seed % 10}-{n:D7}\"}},{{\"role\":\"assistant\",\"content\":\"{pad}\"}}]}}\n"
        : $"{{\"custom_id\":\"r{seed % 10}-{n:D7}\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{{\"input\":\"{pad}\"}}}}\n";
}
