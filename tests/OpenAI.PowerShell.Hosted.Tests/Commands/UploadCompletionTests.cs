using System.Management.Automation;
using OpenAI.PowerShell.Hosted.Tests.Hosting;

namespace OpenAI.PowerShell.Hosted.Tests.Commands;

/// <summary>What Tab offers for -UploadId and -Purpose, through PowerShell's own TabExpansion2.</summary>
public sealed class UploadCompletionTests : HostedTest
{
    private string NewUpload(string name) =>
        Run("(New-OAIUpload -FileName $args[0] -Bytes 100 -Purpose batch).Id", name).ThrowIfFailed().Output[0].BaseObject.ToString()!;

    [Theory]
    [InlineData("Complete-OAIUpload -UploadId ")]
    [InlineData("Stop-OAIUpload -UploadId ")]
    [InlineData("Add-OAIUploadPart -Path ./a.bin -UploadId ")]
    public void UploadId_completes_the_uploads_of_this_session_not_file_names(string line)
    {
        File.WriteAllText(Path.Combine(Files.Root, "upload_file.txt"), "");
        Assert.Empty(Complete(line));

        var first = NewUpload("a.jsonl");
        var second = NewUpload("b.jsonl");

        var matches = Complete(line);
        Assert.Equal(new[] { first, second }.Order(), matches.Select(m => m.CompletionText).Order());
        Assert.All(matches, m => Assert.Equal(CompletionResultType.ParameterValue, m.ResultType));
        Assert.Equal(new[] { second }, Complete(line + second[..^2]).Select(m => m.CompletionText));
    }

    [Fact]
    public void A_cancelled_upload_is_no_longer_offered()
    {
        var first = NewUpload("a.jsonl");
        var second = NewUpload("b.jsonl");
        Run("Stop-OAIUpload -UploadId $args[0] -Confirm:$false", first).ThrowIfFailed();

        Assert.Equal(new[] { second }, Complete("Complete-OAIUpload -UploadId ").Select(m => m.CompletionText));
    }

    [Fact]
    public void Each_import_of_the_module_completes_its_own_uploads()
    {
        NewUpload("a.jsonl");
        Run("Remove-Module OpenAI.PowerShell; Import-Module $args[0]", RepoPaths.ModuleManifest).ThrowIfFailed();

        Assert.Empty(Complete("Stop-OAIUpload -UploadId "));
    }

    [Fact]
    public void Purposes_come_without_quotes()
    {
        var matches = Complete("New-OAIUpload -Purpose f");

        var match = Assert.Single(matches);
        Assert.Equal("fine-tune", match.CompletionText);
        Assert.Equal(new[] { "assistants", "batch", "fine-tune", "vision", "user_data", "evals" }.Order(),
            Complete("Send-OAIFile ./a.bin -Purpose ").Select(m => m.CompletionText).Order());
    }

    [Fact]
    public void PartId_completion_offers_the_parts_this_session_added_and_FileId_offers_no_file_names()
    {
        CreateFile("a.bin", 3_000);
        var id = (string)Run("""
            $u = New-OAIUpload -Path ./a.bin -Purpose batch
            $null = Add-OAIUploadPart -Upload $u -Path ./a.bin -PartSize 1000 -ThrottleLimit 1
            $u.Id
            """).ThrowIfFailed().Output[0].BaseObject;
        var parts = Server.State.Uploads.Single().Parts.Select(p => p.Id).ToList();

        Assert.Equal(parts.Order(), Complete($"Complete-OAIUpload -UploadId {id} -PartId ").Select(m => m.CompletionText).Order());
        Assert.Empty(Complete("New-OAIImageEdit -Prompt p -FileId "));
    }
}
