using OpenAI.PowerShell.Hosted.Tests.Hosting;

namespace OpenAI.PowerShell.Hosted.Tests.Commands.Files;

public sealed class GetOAIFileTests : HostedTest
{
    private string AddFile(string name, string purpose = "batch") =>
        Server.State.AddFile("{\"custom_id\":\"a\"}\n"u8.ToArray(), purpose, name);

    [Fact]
    public void A_listing_is_newest_first_and_filtered_by_purpose_and_a_name_wildcard()
    {
        AddFile("a.jsonl");
        AddFile("b.jsonl");
        AddFile("b.png", "vision");
        AddFile("report.txt", "assistants");

        var all = Run("Get-OAIFile | ForEach-Object FileName").ThrowIfFailed();
        var batch = Run("Get-OAIFile -Purpose batch | ForEach-Object FileName").ThrowIfFailed();
        var named = Run("Get-OAIFile -Name B* | ForEach-Object FileName").ThrowIfFailed();

        Assert.Equal(new[] { "report.txt", "b.png", "b.jsonl", "a.jsonl" }, all.Output.Select(o => o.ToString()));
        Assert.Equal(new[] { "b.jsonl", "a.jsonl" }, batch.Output.Select(o => o.ToString()));
        Assert.Equal(new[] { "b.png", "b.jsonl" }, named.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void A_long_listing_pages_through_the_cursor_and_stops_asking_once_Select_Object_has_enough()
    {
        for (var i = 0; i < 230; i++)
        {
            AddFile($"f{i}.jsonl");
        }

        var all = Run("@(Get-OAIFile).Count").ThrowIfFailed();
        Assert.Equal(230, Convert.ToInt32(all.Output[0].BaseObject));
        Assert.Equal(3, Requests("GET", "/v1/files"));

        Server.Requests.Clear();
        var first = Run("Get-OAIFile | Select-Object -First 2 | ForEach-Object FileName").ThrowIfFailed();
        Assert.Equal(new[] { "f229.jsonl", "f228.jsonl" }, first.Output.Select(o => o.ToString()));
        Assert.Equal(1, Requests("GET", "/v1/files"));
    }

    [Fact]
    public void Files_are_read_by_id_from_ids_Files_and_completed_Uploads_piped_in()
    {
        CreateFile("r.jsonl", 200);
        var result = Run("""
            $done = Send-OAIFile ./r.jsonl -Purpose batch
            $done.FileId, $done.File, $done | Get-OAIFile | ForEach-Object Id
            $done.FileId
            """).ThrowIfFailed();

        var ids = result.Output.Select(o => o.ToString()).ToList();
        Assert.Equal(Enumerable.Repeat(ids[^1], 3), ids.Take(3));
    }

    [Fact]
    public void A_plain_name_that_matches_nothing_is_an_error_and_a_wildcard_is_not()
    {
        AddFile("a.jsonl");

        var plain = Run("Get-OAIFile -Name nosuch.jsonl");
        var wildcard = Run("Get-OAIFile -Name nosuch*");

        Assert.Equal("OpenAI.NotFound,OpenAI.PowerShell.Commands.GetOAIFileCommand", plain.SingleError().FullyQualifiedErrorId);
        Assert.Empty(wildcard.AllErrors);
        Assert.Empty(wildcard.Output);
    }

    [Fact]
    public void An_unknown_id_fails_its_own_record_and_the_next_goes_on()
    {
        var id = AddFile("a.jsonl");

        var result = Run($"'file-missing', '{id}' | Get-OAIFile | ForEach-Object Id");

        Assert.Equal(id, Assert.Single(result.Output).ToString());
        var error = result.SingleError();
        Assert.Equal("OpenAI.NotFound,OpenAI.PowerShell.Commands.GetOAIFileCommand", error.FullyQualifiedErrorId);
        Assert.Equal("file-missing", error.TargetObject);
    }

    [Theory]
    [InlineData("'file-1/../../uploads'", "OpenAI.InvalidFileId")]
    [InlineData("'upload_abc123'", "OpenAI.UploadNotCompleted")]
    [InlineData("(New-OAIUpload -FileName a.jsonl -Bytes 10 -Purpose batch)", "OpenAI.UploadNotCompleted")]
    public void An_id_that_is_not_a_File_is_refused_before_sending(string input, string errorId)
    {
        var result = Run($"{input} | Get-OAIFile");

        Assert.StartsWith(errorId + ",", result.SingleError().FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(0, Requests("GET", "/v1/files"));
    }

    [Fact]
    public void File_ids_the_session_has_seen_complete_newest_first()
    {
        var older = AddFile("a.jsonl");
        var newer = AddFile("b.jsonl");
        Run("Get-OAIFile | Out-Null").ThrowIfFailed();

        var offered = Complete("Get-OAIFile -FileId file-").Select(c => c.CompletionText).ToList();
        Run($"Remove-OAIFile {newer}").ThrowIfFailed();

        Assert.Equal(new[] { newer, older }, offered);
        Assert.Equal(new[] { older }, Complete("Save-OAIFile file-").Select(c => c.CompletionText));
    }
}
