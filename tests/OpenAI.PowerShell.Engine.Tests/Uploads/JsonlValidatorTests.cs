using System.Text;
using OpenAI.PowerShell.Http;
using OpenAI.PowerShell.TestSupport;
using OpenAI.PowerShell.Uploads;

namespace OpenAI.PowerShell.Engine.Tests.Uploads;

/// <summary>The JSONL check before a batch or fine-tune file is sent: each rule, the cap, long lines and bad bytes.</summary>
public sealed class JsonlValidatorTests : IDisposable
{
    private const string Chat = "/v1/chat/completions";
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static string Request(string id, string url = Chat, string method = "POST", string body = "{\"model\":\"gpt-4o-mini\"}") =>
        $"{{\"custom_id\":\"{id}\",\"method\":\"{method}\",\"url\":\"{url}\",\"body\":{body}}}";

    private static JsonlReport Check(string text, JsonlKind kind = JsonlKind.Batch, int bufferSize = JsonlValidator.DefaultBufferSize) =>
        Check(Encoding.UTF8.GetBytes(text), kind, bufferSize);

    private static JsonlReport Check(byte[] bytes, JsonlKind kind = JsonlKind.Batch, int bufferSize = JsonlValidator.DefaultBufferSize) =>
        JsonlValidator.Check(new MemoryStream(bytes), kind, CancellationToken.None, bufferSize);

    private static JsonlProblem Single(JsonlReport report)
    {
        Assert.Equal(1, report.Problems.Total);
        return report.Problems.First[0];
    }

    private static void AssertProblem(JsonlReport report, string errorId, long line, string? field)
    {
        var problem = Single(report);
        Assert.Equal((errorId, line, field), (problem.ErrorId, problem.Line, problem.Field));
    }

    [Fact]
    public void A_good_batch_file_passes_with_or_without_a_final_newline_and_with_CRLF()
    {
        var lines = string.Join("\n", Request("a"), Request("b"), Request("c", body: "{\"messages\":[{\"role\":\"user\",\"content\":\"h\\u00e9 \\\"x\\\"\"}]}"));

        Assert.True(Check(lines).IsValid);
        Assert.True(Check(lines + "\n").IsValid);
        Assert.True(Check(lines.Replace("\n", "\r\n") + "\r\n").IsValid);
        Assert.Equal(3, Check(lines + "\n").Lines);
        Assert.True(Check(JsonlSamples.Bytes(1_000_000, fineTune: false, seed: 3)).IsValid);
    }

    [Fact]
    public void A_good_fine_tune_file_passes_in_each_documented_format()
    {
        var text = string.Join("\n",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"hello\"}]}",
            "{\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]},\"preferred_output\":[{\"role\":\"assistant\",\"content\":\"a\"}],\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"b\"}]}",
            "{\"prompt\":\"2+2=\",\"completion\":\"4\"}");

        Assert.True(Check(text, JsonlKind.FineTune).IsValid);
        Assert.True(Check(JsonlSamples.Bytes(100_000, fineTune: true, seed: 2), JsonlKind.FineTune).IsValid);
    }

    [Theory]
    [InlineData("/v1/responses")]
    [InlineData("/v1/chat/completions")]
    [InlineData("/v1/embeddings")]
    [InlineData("/v1/completions")]
    [InlineData("/v1/moderations")]
    [InlineData("/v1/images/generations")]
    [InlineData("/v1/images/edits")]
    public void Every_documented_batch_endpoint_is_accepted(string url) =>
        Assert.True(Check(Request("a", url) + "\n" + Request("b", url)).IsValid);

    [Fact]
    public void An_endpoint_the_Batch_API_does_not_take_is_named_once()
    {
        var report = Check(Request("a", "/v1/audio/speech") + "\n" + Request("b", "/v1/audio/speech"));

        AssertProblem(report, ErrorIds.UnsupportedBatchUrl, 1, "url");
        Assert.Contains("/v1/audio/speech", report.Problems.First[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_url_in_one_file_is_MixedBatchUrl_on_its_line()
    {
        var report = Check(string.Join("\n", Request("a"), Request("b"), Request("c", "/v1/embeddings")));

        AssertProblem(report, ErrorIds.MixedBatchUrl, 3, "url");
        Assert.Contains("line 1", report.Problems.First[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeated_custom_id_is_DuplicateCustomId_naming_the_first_line()
    {
        var report = Check(string.Join("\n", Request("a"), Request("b"), Request("a")));

        AssertProblem(report, ErrorIds.DuplicateCustomId, 3, "custom_id");
        Assert.Contains("\"a\" is already used on line 1", report.Problems.First[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{}}", "custom_id")]
    [InlineData("{\"custom_id\":7,\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{}}", "custom_id")]
    [InlineData("{\"custom_id\":\"a\",\"url\":\"/v1/chat/completions\",\"body\":{}}", "method")]
    [InlineData("{\"custom_id\":\"a\",\"method\":\"GET\",\"url\":\"/v1/chat/completions\",\"body\":{}}", "method")]
    [InlineData("{\"custom_id\":\"a\",\"method\":\"POST\",\"body\":{}}", "url")]
    [InlineData("{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\"}", "body")]
    [InlineData("{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":\"{}\"}", "body")]
    public void A_batch_line_without_a_required_field_or_of_the_wrong_type_names_the_field(string line, string field) =>
        AssertProblem(Check(Request("ok") + "\n" + line), ErrorIds.InvalidBatchLine, 2, field);

    [Fact]
    public void Fields_of_nested_objects_do_not_count_as_the_line_s_own()
    {
        // "url" and "custom_id" inside body are the request's business, not the batch line's.
        var line = "{\"body\":{\"custom_id\":\"x\",\"url\":\"/v1/embeddings\",\"method\":\"POST\"},\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\"}";

        Assert.True(Check(line + "\n" + Request("b")).IsValid);
    }

    [Theory]
    [InlineData("{\"custom_id\":\"a\",", "not valid JSON")]
    [InlineData("[1,2]", "an array")]
    [InlineData("\"text\"", "a string")]
    [InlineData("{\"a\":1} {\"b\":2}", "not valid JSON")]
    [InlineData("   ", "blank")]
    [InlineData("", "blank")]
    [InlineData("{\"custom_id\":\"\\ud800\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{}}", "'custom_id' is not valid text")]
    [InlineData("{\"custom_id\":\"x\",\"method\":\"PO\\udc00ST\",\"url\":\"/v1/chat/completions\",\"body\":{}}", "'method' is not valid text")]
    [InlineData("{\"custom_id\":\"x\",\"method\":\"POST\",\"url\":\"/v1/chat/\\ud83d\",\"body\":{}}", "'url' is not valid text")]
    public void A_line_that_is_not_one_JSON_object_is_InvalidJsonl(string line, string says)
    {
        var report = Check(Request("a") + "\n" + line + "\n" + Request("b"));

        AssertProblem(report, ErrorIds.InvalidJsonl, 2, null);
        Assert.Contains(says, report.Problems.First[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_final_newline_ends_the_last_line_but_a_second_is_a_blank_line()
    {
        Assert.True(Check(Request("a") + "\n").IsValid);
        AssertProblem(Check(Request("a") + "\n\n"), ErrorIds.InvalidJsonl, 2, null);
        AssertProblem(Check(""), ErrorIds.InvalidJsonl, 1, null);
    }

    [Fact]
    public void Invalid_UTF8_is_InvalidJsonl_on_its_line()
    {
        var bytes = Encoding.UTF8.GetBytes(Request("a") + "\n" + Request("b", body: "{\"x\":\"caf##\"}") + "\n" + Request("c"));
        var at = Array.IndexOf(bytes, (byte)'#');
        bytes[at] = 0xC3; // a lead byte followed by '#' instead of a continuation byte
        var report = Check(bytes);

        AssertProblem(report, ErrorIds.InvalidJsonl, 2, null);
        Assert.Contains("UTF-8", report.Problems.First[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0xC0, 0xAF })]        // overlong '/'
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]  // a UTF-16 surrogate
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })] // above U+10FFFF
    [InlineData(new byte[] { 0xFF })]
    public void Ill_formed_UTF8_sequences_are_refused(byte[] bad)
    {
        var bytes = Encoding.UTF8.GetBytes("{\"custom_id\":\"").Concat(bad)
            .Concat(Encoding.UTF8.GetBytes("\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{}}")).ToArray();

        AssertProblem(Check(bytes), ErrorIds.InvalidJsonl, 1, null);
    }

    [Fact]
    public void A_byte_order_mark_is_named_and_the_lines_are_still_checked()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(Request("a") + "\n" + Request("a"))).ToArray();
        var report = Check(bytes);

        Assert.Equal(new[] { ErrorIds.InvalidJsonl, ErrorIds.DuplicateCustomId }, report.Problems.First.Select(p => p.ErrorId));
        Assert.Contains("byte order mark", report.Problems.First[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_than_50000_requests_is_BatchTooLarge_at_request_50001()
    {
        var text = new StringBuilder();
        for (var i = 1; i <= 50_002; i++)
        {
            text.Append(Request("r" + i, body: "{}")).Append('\n');
        }
        var report = Check(text.ToString());

        AssertProblem(report, ErrorIds.BatchTooLarge, 50_001, null);
        Assert.True(Check(string.Join("\n", text.ToString().Split('\n').Take(50_000))).IsValid);
    }

    [Fact]
    public void A_batch_file_over_200_MiB_is_refused_by_its_size_without_reading_it()
    {
        var path = Path.Combine(_files.Root, "huge.jsonl");
        using (var stream = File.Create(path))
        {
            stream.SetLength(200L * 1024 * 1024 + 1); // sparse zeros: invalid lines if anything were read
        }
        var report = JsonlValidator.CheckFile(path, JsonlKind.Batch, CancellationToken.None);

        AssertProblem(report, ErrorIds.BatchTooLarge, 1, null);
        Assert.Contains("209,715,201 bytes", report.Problems.First[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_first_20_problems_are_listed_and_the_total_is_counted()
    {
        var text = string.Join("\n", Enumerable.Range(1, 30).Select(i => Request("same")));
        var report = Check(text);

        Assert.Equal(29, report.Problems.Total);
        Assert.Equal(20, report.Problems.First.Count);
        Assert.Equal(Enumerable.Range(2, 20).Select(i => (long)i), report.Problems.First.Select(p => p.Line));
        var error = new InvalidJsonlException("/data/requests.jsonl", report);
        Assert.Contains("29 problems, the first 20 shown:", error.Message, StringComparison.Ordinal);
        Assert.Equal(20, error.Message.Split('\n').Length - 1);
    }

    [Fact]
    public void Lines_longer_than_the_buffer_are_read_in_pieces()
    {
        var longString = new string('x', 10_000);       // one token larger than the buffer: the buffer grows
        var manyTokens = "[" + string.Join(",", Enumerable.Range(0, 3_000)) + "]"; // many small tokens: read in pieces
        var text = string.Join("\n",
            Request("a", body: $"{{\"input\":\"{longString}\"}}"),
            Request("b", body: $"{{\"input\":{manyTokens}}}"),
            Request("a", body: $"{{\"input\":{manyTokens}}}"),
            Request("c", body: $"{{\"input\":{manyTokens},]}}"),
            Request("d", "/v1/embeddings"));

        var report = Check(text, bufferSize: 64);

        Assert.Equal(new[] { (3L, ErrorIds.DuplicateCustomId), (4L, ErrorIds.InvalidJsonl), (5L, ErrorIds.MixedBatchUrl) },
            report.Problems.First.Select(p => (p.Line, p.ErrorId)));
        Assert.Equal(5, report.Lines);
    }

    [Fact]
    public void The_findings_do_not_depend_on_where_the_buffer_splits_the_file()
    {
        var bad = Encoding.UTF8.GetBytes("{\"custom_id\":\"\u00e9\u4e2d\U0001F600\",");
        var bytes = Encoding.UTF8.GetBytes(string.Join("\n", Request("a"), "", Request("a"), "[1]", Request("b", "/v1/x")) + "\n")
            .Concat(bad).Concat(new byte[] { 0xE2, 0x82 }).Concat(Encoding.UTF8.GetBytes("\"}\n" + Request("\u00e9\u4e2d\U0001F600") + "\n")).ToArray();
        var expected = Describe(Check(bytes));

        foreach (var size in new[] { 16, 17, 19, 23, 31, 64, 100, 4096 })
        {
            Assert.Equal(expected, Describe(Check(bytes, bufferSize: size)));
        }
        Assert.Equal(5, Check(bytes).Problems.Total);

        static string Describe(JsonlReport r) => string.Join("\n", r.Problems.First.Select(p => $"{p.Line} {p.Field} {p.ErrorId}"));
    }

    [Theory]
    [InlineData("{\"text\":\"hi\"}", null)]
    [InlineData("{\"messages\":{\"role\":\"user\"}}", "messages")]
    [InlineData("{\"input\":{\"messages\":[]},\"preferred_output\":[]}", "non_preferred_output")]
    [InlineData("{\"input\":[],\"preferred_output\":[],\"non_preferred_output\":[]}", "input")]
    [InlineData("{\"prompt\":\"2+2=\"}", "completion")]
    [InlineData("{\"prompt\":\"2+2=\",\"completion\":4}", "completion")]
    public void A_fine_tune_line_in_no_documented_format_is_InvalidFineTuneLine(string line, string? field) =>
        AssertProblem(Check("{\"messages\":[]}\n" + line, JsonlKind.FineTune), ErrorIds.InvalidFineTuneLine, 2, field);

    [Fact]
    public void A_bad_file_throws_with_the_first_problem_s_ErrorId_the_path_and_the_lines()
    {
        var path = Path.Combine(_files.Root, "requests.jsonl");
        File.WriteAllText(path, Request("a") + "\n" + Request("a") + "\n" + Request("b", "/v1/embeddings") + "\n");

        var error = Assert.Throws<InvalidJsonlException>(() => JsonlValidator.EnsureValid(path, JsonlKind.Batch, CancellationToken.None));

        Assert.Equal(ErrorIds.DuplicateCustomId, error.ErrorId);
        Assert.Equal(path, error.Target);
        Assert.Equal(2, error.TotalProblems);
        Assert.Contains("'requests.jsonl' is not a valid batch input file, so nothing was sent. 2 problems:", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 2, field \"custom_id\": \"a\" is already used on line 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 3, field \"url\":", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a.jsonl", "batch", JsonlKind.Batch)]
    [InlineData("A.JSONL", "fine-tune", JsonlKind.FineTune)]
    [InlineData("a.jsonl", "assistants", null)]
    [InlineData("a.json", "batch", null)]
    [InlineData("a.csv", "fine-tune", null)]
    public void Only_jsonl_files_for_batch_or_fine_tune_are_checked(string name, string purpose, JsonlKind? kind) =>
        Assert.Equal(kind, JsonlValidator.KindFor(name, purpose));

    [Fact]
    public void A_cancelled_check_stops()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => JsonlValidator.Check(new MemoryStream(JsonlSamples.Bytes(200_000, false, 1)), JsonlKind.Batch, cancelled.Token));
    }
}
