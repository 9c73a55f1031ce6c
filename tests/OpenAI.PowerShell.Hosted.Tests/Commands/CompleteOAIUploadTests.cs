using OpenAI.PowerShell.Hosted.Tests.Hosting;

namespace OpenAI.PowerShell.Hosted.Tests.Commands;

public sealed class CompleteOAIUploadTests : HostedTest
{
    [Fact]
    public void Parts_piped_from_Add_OAIUploadPart_complete_the_upload_once()
    {
        var path = CreateFile("big.jsonl", 10_000_000);
        var result = Run("""
            $u = New-OAIUpload -Path ./big.jsonl -Purpose batch
            Add-OAIUploadPart -Upload $u -Path ./big.jsonl -PartSize 4MB | Complete-OAIUpload
            """).ThrowIfFailed();

        var completed = Assert.Single(result.Output);
        Assert.Equal("OpenAI.PowerShell.Model.Upload", completed.TypeNames[0]);
        Assert.Equal("completed", result.Value<string>(0, "Status"));
        Assert.Equal(1, Requests("POST", "/complete"));
        Assert.Equal(File.ReadAllBytes(path), ServerFile(result.Value<string>(0, "FileId")));
    }
}
