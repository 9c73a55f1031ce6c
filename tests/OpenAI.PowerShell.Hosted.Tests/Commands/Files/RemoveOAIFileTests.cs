using OpenAI.PowerShell.Hosted.Tests.Hosting;

namespace OpenAI.PowerShell.Hosted.Tests.Commands.Files;

public sealed class RemoveOAIFileTests : HostedTest
{
    private string AddFile(string name) => Server.State.AddFile("{}\n"u8.ToArray(), "batch", name);

    [Fact]
    public void Files_piped_in_as_Files_Uploads_and_ids_are_deleted_once_each_and_nothing_is_written()
    {
        CreateFile("r.jsonl", 200);
        var other = AddFile("other.jsonl");
        var result = Run($"""
            $done = Send-OAIFile ./r.jsonl -Purpose batch
            $done, $done.File, $done.FileId, '{other}' | Remove-OAIFile
            """).ThrowIfFailed();

        Assert.Empty(result.Output);
        Assert.Empty(Server.State.ListFiles());
        Assert.Equal(2, Requests("DELETE", "/v1/files/"));
    }

    [Fact]
    public void WhatIf_deletes_nothing_and_needs_no_key()
    {
        var id = AddFile("a.jsonl");

        var result = RunWithoutKey($"Remove-OAIFile {id} -WhatIf");

        Assert.Empty(result.AllErrors);
        Assert.Contains($"What if: Performing the operation \"Delete File\" on target \"{id}\".", result.HostText, StringComparison.Ordinal);
        Assert.True(Server.State.FileExists(id));
    }

    [Fact]
    public void A_File_that_cannot_be_deleted_is_an_error_for_it_and_the_others_are_deleted()
    {
        var id = AddFile("a.jsonl");

        var result = Run($"'file-missing', '{id}' | Remove-OAIFile");

        var error = result.SingleError();
        Assert.Equal("OpenAI.NotFound,OpenAI.PowerShell.Commands.RemoveOAIFileCommand", error.FullyQualifiedErrorId);
        Assert.Equal("file-missing", error.TargetObject);
        Assert.False(Server.State.FileExists(id));
    }
}
