using System.Text;
using OpenAI.PowerShell.Batches;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Engine.Tests.Batches;

public sealed class BatchEngineTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("oai-batch-test-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_poll_pace_grows_by_half_again_to_a_minute_and_starts_over_on_a_new_status()
    {
        var schedule = new PollSchedule(pinned: null);
        var polls = Enumerable.Range(0, 12).Select(_ => schedule.After(statusChanged: false).TotalSeconds).ToList();

        Assert.Equal(2, new PollSchedule(null).Current.TotalSeconds);
        Assert.Equal(new[] { 3, 4.5, 6.75 }, polls.Take(3));
        Assert.Equal(60, polls[^1]);
        Assert.Equal(2, schedule.After(statusChanged: true).TotalSeconds);
        Assert.Equal(5, new PollSchedule(TimeSpan.FromSeconds(5)).After(statusChanged: true).TotalSeconds);
    }

    [Fact]
    public void A_batch_expected_to_finish_before_the_next_poll_is_looked_at_when_it_should_finish()
    {
        var schedule = new PollSchedule(pinned: null);
        for (var i = 0; i < 10; i++)
        {
            schedule.After(statusChanged: false);
        }

        Assert.Equal(12, schedule.After(false, TimeSpan.FromSeconds(12)).TotalSeconds);
        Assert.Equal(2, schedule.After(false, TimeSpan.FromMilliseconds(300)).TotalSeconds);
        Assert.Equal(60, schedule.After(false, TimeSpan.FromHours(1)).TotalSeconds);
    }

    [Fact]
    public void A_file_within_the_limits_is_sent_as_it_is()
    {
        var path = Write("small.jsonl", 3, 10);
        using var writer = new BatchChunkWriter("small", maxRequests: 3, maxBytes: 1000);

        var chunk = Assert.Single(BatchChunkWriter.Split(path, writer, CancellationToken.None));

        Assert.Equal(path, chunk.Path);
        Assert.Equal(3, chunk.Requests);
    }

    [Fact]
    public void A_file_over_the_limits_is_cut_at_line_ends_by_count_and_by_size_and_loses_no_byte()
    {
        var path = Write("big.jsonl", 7, 10, crlf: true);
        using var byCount = new BatchChunkWriter("big", maxRequests: 3, maxBytes: 1000);
        using var bySize = new BatchChunkWriter("big", maxRequests: 100, maxBytes: 25);

        var counted = BatchChunkWriter.Split(path, byCount, CancellationToken.None);
        var sized = BatchChunkWriter.Split(path, bySize, CancellationToken.None);

        Assert.Equal(new long[] { 3, 3, 1 }, counted.Select(c => c.Requests));
        Assert.All(sized, c => Assert.True(c.Bytes <= 25));
        var expected = File.ReadAllText(path).Replace("\r\n", "\n");
        Assert.Equal(expected, string.Concat(counted.Select(c => File.ReadAllText(c.Path))));
        Assert.Equal(expected, string.Concat(sized.Select(c => File.ReadAllText(c.Path))));
    }

    [Fact]
    public void A_single_request_larger_than_a_batch_is_refused()
    {
        using var writer = new BatchChunkWriter("r", maxRequests: 10, maxBytes: 8);

        var error = Assert.Throws<OpenAI.PowerShell.Http.OpenAIException>(() => writer.Add(new byte[20], 20));

        Assert.Equal("OpenAI.BatchTooLarge", error.ErrorId);
    }

    [Fact]
    public void The_temp_folder_goes_when_the_writer_is_disposed()
    {
        string chunk;
        using (var writer = new BatchChunkWriter("r"))
        {
            writer.Add(new byte[] { (byte)'{', (byte)'}' }, 2);
            chunk = writer.Complete().Single().Path;
            Assert.True(File.Exists(chunk));
        }
        Assert.False(Directory.Exists(Path.GetDirectoryName(chunk)));
    }

    [Theory]
    [InlineData("""{"id":"batch_req_1","custom_id":"a","response":{"status_code":200,"request_id":"req_1","body":{"x":1}},"error":null}""", true, 200, null)]
    [InlineData("""{"id":"batch_req_2","custom_id":"b","response":{"status_code":400,"request_id":"req_2","body":{"error":{"message":"bad","type":"invalid_request_error","code":"x1"}}},"error":null}""", false, 400, "x1")]
    [InlineData("""{"id":"batch_req_3","custom_id":"c","response":null,"error":{"code":"batch_expired","message":"expired"}}""", false, null, "batch_expired")]
    public void A_result_line_becomes_one_result_with_its_outcome(string line, bool succeeded, int? status, string? code)
    {
        var reader = new BatchResultReader(null!, e => e.GetRawText(), TimeSpan.FromSeconds(1));

        var result = reader.Parse("batch_1", "file-1", 1, line);

        Assert.Equal(succeeded, result.Succeeded);
        Assert.Equal(status, result.StatusCode);
        Assert.Equal(code, result.Error?.Code);
        Assert.Equal("batch_1", result.BatchId);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_image_line_is_decoded_straight_from_its_JSON_and_its_body_is_kept_only_when_asked(bool bodies)
    {
        var png = OpenAI.PowerShell.TestSupport.TestImages.Png(8, 8);
        var line = $$$"""{"id":"batch_req_1","custom_id":"a","response":{"status_code":200,"body":{"created":1,"size":"8x8","data":[{"b64_json":"{{{Convert.ToBase64String(png)}}}","revised_prompt":"p"}]}},"error":null}""";
        var reader = new BatchResultReader(null!, e => e.GetRawText(), TimeSpan.FromSeconds(1), bodiesOfImages: bodies);

        var result = reader.Parse("batch_1", "file-1", 1, line);

        var image = Assert.Single(result.Images);
        Assert.Equal(png, image.GetBytes());
        Assert.Equal("p", image.RevisedPrompt);
        Assert.Equal("8x8", image.Size);
        Assert.Equal(bodies, result.Body is not null);
    }

    [Fact]
    public void An_image_whose_base64_is_broken_is_OpenAI_InvalidImageData()
    {
        var reader = new BatchResultReader(null!, e => e, TimeSpan.FromSeconds(1));

        var error = Assert.Throws<OpenAI.PowerShell.Http.OpenAIException>(() => reader.Parse("batch_1", "file-1", 1,
            """{"custom_id":"a","response":{"status_code":200,"body":{"created":1,"data":[{"b64_json":"not base64!"}]}}}"""));

        Assert.Equal("OpenAI.InvalidImageData", error.ErrorId);
    }

    [Fact]
    public void A_line_that_is_not_JSON_is_named_by_its_number()
    {
        var reader = new BatchResultReader(null!, e => e, TimeSpan.FromSeconds(1));

        var error = Assert.Throws<OpenAI.PowerShell.Http.OpenAIException>(() => reader.Parse("batch_1", "file-1", 7, "<html>"));

        Assert.Equal("OpenAI.UnexpectedResponse", error.ErrorId);
        Assert.Contains("Line 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_batch_is_terminal_only_in_the_four_final_statuses()
    {
        var terminal = new[] { "validating", "in_progress", "finalizing", "cancelling", "completed", "failed", "expired", "cancelled" }
            .Where(s => new Batch { Status = s }.IsTerminal);

        Assert.Equal(new[] { "completed", "failed", "expired", "cancelled" }, terminal);
    }

    private string Write(string name, int lines, int width, bool crlf = false)
    {
        var path = Path.Combine(_folder, name);
        var text = new StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            text.Append('{').Append(new string('x', width - 2)).Append('}').Append(crlf ? "\r\n" : "\n");
        }
        File.WriteAllText(path, text.ToString());
        return path;
    }
}
