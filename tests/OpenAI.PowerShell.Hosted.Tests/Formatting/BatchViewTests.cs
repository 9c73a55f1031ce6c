using OpenAI.PowerShell.Hosted.Tests.Hosting;

namespace OpenAI.PowerShell.Hosted.Tests.Formatting;

/// <summary>The Files and Batch views as a terminal prints them, at 80 and 120 columns: ids whole, counts aligned.</summary>
public sealed class BatchViewTests : HostedTest
{
    private const string Request = """{"custom_id":"r1","method":"POST","url":"/v1/chat/completions","body":{"model":"m","messages":[{"role":"user","content":"hi"}]}}""";

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    public void A_Batch_shows_its_id_whole_with_status_done_and_failed_counts(int width)
    {
        var fileId = Server.State.AddFile(System.Text.Encoding.UTF8.GetBytes(Request + "\n"), "batch", "requests.jsonl");
        var result = Run($"$b = Start-OAIBatch {fileId} -Endpoint /v1/chat/completions | Wait-OAIBatch -PollInterval 1; $b; $b | Out-String -Width {width}").ThrowIfFailed();

        var table = TableText.Parse(result.LastText, width, "Id");
        Assert.Equal(new[] { "Id", "Status", "Done", "Failed", "Endpoint" }, table.Columns);
        var expected = $"{result.Value<string>(0, "Id"),-38} completed           1/1      0 ";
        Assert.True(Assert.Single(table.Rows).StartsWith(expected, StringComparison.Ordinal), $"[{table.Rows[0]}]");
        Assert.All(table.Lines, l => Assert.True(l.Length <= width, l));
    }

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    public void Results_show_custom_id_status_and_the_error_of_a_failed_line(int width)
    {
        Server.Batches.FailEveryNthLine = 2;
        var lines = string.Join("\n", Request, Request.Replace("\"r1\"", "\"r2\"")) + "\n";
        var fileId = Server.State.AddFile(System.Text.Encoding.UTF8.GetBytes(lines), "batch", "requests.jsonl");
        var result = Run($"Start-OAIBatch {fileId} -Endpoint /v1/chat/completions | Wait-OAIBatch -PollInterval 1 | Receive-OAIBatch | Out-String -Width {width}").ThrowIfFailed();

        var table = TableText.Parse(result.LastText, width, "CustomId");
        Assert.Equal(new[] { "CustomId", "Status", "Succeeded", "Error" }, table.Columns);
        Assert.Equal($"{"r1",-24}    200 True", table.Rows[0]);
        Assert.StartsWith($"{"r2",-24}    500 False     ", table.Rows[1], StringComparison.Ordinal);
        Assert.All(table.Lines, l => Assert.True(l.Length <= width, l));
    }
}
