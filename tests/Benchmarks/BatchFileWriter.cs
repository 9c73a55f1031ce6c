using System.Text.Encodings.Web;
using System.Text.Json;

namespace Benchmarks;

/// <summary>
/// Writes a valid Batch API input file: one url, unique custom_ids, and chat-completion bodies of
/// nested objects, arrays, numbers and text (some of it non-ASCII, some escaped), sized to a target.
/// </summary>
internal static class BatchFileWriter
{
    // The user's text: mostly English words; 7 in 100 come from Rare, so about 1 word in 20 is
    // non-ASCII and 1 in 40 is written escaped (line breaks, quotes, a tab, a backslash).
    private static readonly string[] Words =
    [
        "the", "customer", "wrote", "that", "their", "order", "arrived", "late", "and", "was", "missing", "one", "item",
        "please", "classify", "this", "review", "as", "positive", "negative", "or", "neutral", "give", "a", "short",
        "reason", "in", "JSON", "with", "fields", "score", "label", "summary", "of", "product", "quality", "shipping",
        "refund", "requested", "support", "ticket", "number", "42", "3.5", "stars", "out", "five", "it", "is", "not",
        "what", "I", "expected", "but", "works", "well", "enough", "for", "price", "would", "buy", "again", "maybe",
    ];

    private static readonly string[] Rare =
    [
        "café", "naïve", "Grüße", "señor", "façade", "日本語", "テスト", "Привет", "данные", "مرحبا", "🙂", "€",
        "line\nbreak", "\"quoted\"", "tab\there", "\n\n", "C:\\path", "end.\n",
    ];

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Each word's size once written (escapes and multi-byte characters counted), and a space.
    private static readonly int[] Costs = Words.Select(Cost).ToArray();
    private static readonly int[] RareCosts = Rare.Select(Cost).ToArray();

    /// <summary>Writes <paramref name="lines"/> lines whose sizes add up to just under <paramref name="bytes"/>.</summary>
    /// <returns>The file's length.</returns>
    public static long Write(string path, long bytes, int lines, int seed)
    {
        var random = new Random(seed);
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        var line = new MemoryStream();
        long written = 0;
        for (var i = 0; i < lines; i++)
        {
            // Lines vary from half to one and a half times the average that is left, so the total lands near the target.
            var average = (bytes - written) / (lines - i);
            var size = i == lines - 1 ? average : (long)(average * (0.5 + random.NextDouble()));
            line.SetLength(0);
            WriteLine(line, i, Math.Max(0, size - 1), random);
            if (line.Length + 1 > bytes - written)
            {
                throw new InvalidOperationException($"{lines} lines do not fit in {bytes} bytes.");
            }
            line.WriteByte((byte)'\n');
            line.Position = 0;
            line.CopyTo(file);
            written += line.Length;
        }
        return written;
    }

    private static void WriteLine(Stream output, int index, long size, Random random)
    {
        using var json = new Utf8JsonWriter(output, Options);
        json.WriteStartObject();
        json.WriteString("custom_id", $"request-{index:D6}");
        json.WriteString("method", "POST");
        json.WriteString("url", "/v1/chat/completions");
        json.WriteStartObject("body");
        json.WriteString("model", "gpt-4o-mini");
        json.WriteNumber("temperature", Math.Round(random.NextDouble(), 2));
        json.WriteNumber("max_tokens", 256 + random.Next(1024));
        json.WriteStartObject("response_format");
        json.WriteString("type", "json_object");
        json.WriteEndObject();
        json.WriteStartObject("metadata");
        json.WriteString("source", $"crm-export-{random.Next(100):D2}");
        json.WriteStartArray("tags");
        for (var t = random.Next(1, 5); t > 0; t--)
        {
            json.WriteStringValue(Words[random.Next(Words.Length)]);
        }
        json.WriteEndArray();
        json.WriteStartArray("scores");
        for (var s = random.Next(1, 6); s > 0; s--)
        {
            json.WriteNumberValue(Math.Round(random.NextDouble() * 100, 3));
        }
        json.WriteEndArray();
        json.WriteBoolean("priority", random.Next(2) == 0);
        json.WriteNull("parent");
        json.WriteEndObject();
        json.WriteStartArray("messages");
        json.WriteStartObject();
        json.WriteString("role", "system");
        json.WriteString("content", "You are a careful assistant. Reply with one JSON object.");
        json.WriteEndObject();
        json.Flush();
        // What is left of the line's size goes to the user's message, less the 32 bytes around it.
        var content = Text(size - output.Length - 32, random);
        json.WriteStartObject();
        json.WriteString("role", "user");
        json.WriteString("content", content);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static int Cost(string word) => JsonEncodedText.Encode(word, Options.Encoder).EncodedUtf8Bytes.Length + 1;

    /// <summary>Words up to <paramref name="bytes"/> bytes once written.</summary>
    private static string Text(long bytes, Random random)
    {
        var text = new System.Text.StringBuilder();
        long length = 0;
        while (true)
        {
            var rare = random.Next(100) < 7;
            var word = random.Next(rare ? Rare.Length : Words.Length);
            var cost = rare ? RareCosts[word] : Costs[word];
            if (length + cost > bytes)
            {
                return text.ToString();
            }
            text.Append(rare ? Rare[word] : Words[word]).Append(' ');
            length += cost;
        }
    }
}
