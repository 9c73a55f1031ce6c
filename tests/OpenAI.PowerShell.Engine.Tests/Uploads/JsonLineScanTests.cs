using System.Text;
using System.Text.Json;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Engine.Tests.Uploads;

/// <summary>
/// The validator's fast scan against Utf8JsonReader: a line the scan accepts must be one the reader
/// reads as an object, with the same facts, since the reader only sees the lines the scan refuses.
/// </summary>
public sealed class JsonLineScanTests
{
    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 };

    private static readonly string[] Lines =
    [
        "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"h\\u00e9 \\\"x\\\"\\n\"}]}}",
        " \t{ \"custom_id\" : \"caf\u00e9 \U0001F600\" , \"method\":\"POST\", \"url\":\"/v1/embeddings\" , \"body\" : { \"input\" : [ 1 , -0.5e+3 , 2E-2 , 0 , true , false , null , [ ] , { } ] } } \r",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[[[[]]]],\"n\":-0}",
        "{\"input\":{\"messages\":[]},\"preferred_output\":[],\"non_preferred_output\":[{}]}",
        "{\"prompt\":\"2+2=\",\"completion\":\"4\",\"custom_id\":1,\"custom_id\":\"twice\",\"url\":null}",
        "{\"custom_id\":\"\\u0061\",\"method\":\"P\\u004fST\",\"url\":\"\\/v1\\/responses\",\"body\":{\"s\":\"\\\\\\/\\b\\f\\n\\r\\t\"}}",
        "{\"custom\\u005fid\":\"x\",\"body\":\"\\ud800\",\"method\":\"\\ud800\"}",
        "{\"a\":\"\u007f\",\"b\":\"\\uD83D\\uDE00\",\"c\":123456789012345678901234567890}",
        "[1,2]", "\"text\"", "42", "null", "{}", "{} ", "{}x", "{\"a\":1}{}", "{\"a\":[1,]}", "{\"a\":1,}", "{,}", "{\"a\"}", "{\"a\":}",
        "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":1e+}", "{\"a\":+1}", "{\"a\":tru}", "{\"a\":nulll}",
        "{\"a\":\"\t\"}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12G4\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"abc}", "{\"a\":/**/1}", "{\"a\":1 2}",
        "{\"a\":[1 2]}", "{\"a\":{\"b\"}}", "{\"a\":[}", "{\"a\":{]}", "{'a':1}", "{\"a\":NaN}", "{\"a\":1}\u00a0",
        "{\"d\":" + new string('[', 70) + new string(']', 70) + "}",
        "{\"d\":" + new string('[', 300) + new string(']', 300) + "}",
    ];

    [Fact]
    public void Every_line_the_scan_accepts_the_reader_reads_with_the_same_facts()
    {
        var accepted = 0;
        foreach (var line in Lines)
        {
            accepted += Compare(Encoding.UTF8.GetBytes(line)) ? 1 : 0;
        }
        // The first five, the eighth and the two empty objects: well-formed, with no escape in a name
        // or text the rules read and nested less than 64 deep. The rest go to the reader.
        Assert.Equal(8, accepted);
    }

    [Fact]
    public void Mutated_lines_the_scan_accepts_the_reader_accepts_too()
    {
        var random = new Random(11);
        var alphabet = Encoding.UTF8.GetBytes("{}[]\":,.-+eE0159tfnrlu\\/ \t\rax\u0001\u007f\u00e9");
        var accepted = 0;
        var refused = 0;
        for (var n = 0; n < 40_000; n++)
        {
            var line = Encoding.UTF8.GetBytes(Lines[random.Next(8)]).ToList();
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                var at = random.Next(line.Count + 1);
                switch (random.Next(3))
                {
                    case 0 when at < line.Count: line.RemoveAt(at); break;
                    case 1 when at < line.Count: line[at] = alphabet[random.Next(alphabet.Length)]; break;
                    default: line.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                }
            }
            var bytes = line.ToArray();
            // The validator scans only lines that are valid UTF-8 and hold no line feed.
            if (Utf8Scan.FirstInvalid(bytes) >= 0 || bytes.Contains((byte)'\n'))
            {
                continue;
            }
            if (Compare(bytes))
            {
                accepted++;
            }
            else
            {
                refused++;
            }
        }
        Assert.True(accepted > 1_000 && refused > 1_000, $"accepted {accepted}, refused {refused}");
    }

    /// <summary>True when the scan accepted the line; fails when it accepted what the reader does not read the same way.</summary>
    private static bool Compare(byte[] line)
    {
        var scanned = new LineFacts();
        if (!JsonLineScan.TryRead(line, scanned))
        {
            return false;
        }
        var read = new LineFacts();
        var text = Encoding.UTF8.GetString(line);
        try
        {
            var reader = new Utf8JsonReader(line, isFinalBlock: true, new JsonReaderState(Options));
            while (reader.Read())
            {
                read.Observe(ref reader);
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            Assert.Fail($"The scan accepted a line the reader refuses ({ex.Message}): {text}");
        }
        Assert.Equal(JsonTokenType.StartObject, read.Root);
        Assert.True(read.Kinds.SequenceEqual(scanned.Kinds), text);
        Assert.Equal((read.CustomIdValue, read.MethodValue, read.UrlValue), (scanned.CustomIdValue, scanned.MethodValue, scanned.UrlValue));
        return true;
    }
}
