using OpenAI.PowerShell.Hosted.Tests.Hosting;

namespace OpenAI.PowerShell.Hosted.Tests.Commands;

/// <summary>
/// -Upload takes an Upload or its id (alias -UploadId), in each of the four parameter sets, and an
/// id alone keeps what the session knows of the upload.
/// </summary>
public sealed class AddOAIUploadPartUploadIdTests : HostedTest
{
    [Fact]
    public void An_id_works_by_position_by_alias_and_from_the_pipeline_in_every_set()
    {
        CreateFile("a.bin", 1_000, seed: 1);
        var result = Run("""
            $u = New-OAIUpload -FileName a.bin -Bytes 4000 -Purpose batch
            (Add-OAIUploadPart $u.Id ./a.bin).PartNumber
            ($u.Id | Add-OAIUploadPart -LiteralPath ./a.bin).PartNumber
            (,[IO.File]::ReadAllBytes("$PWD/a.bin") | Add-OAIUploadPart -UploadId $u.Id).PartNumber
            (Add-OAIUploadPart -UploadId $u.Id -Data ([IO.File]::ReadAllBytes("$PWD/a.bin"))).PartNumber
            (Get-Command Add-OAIUploadPart).ParameterSets.Name -join ','
            """).ThrowIfFailed();

        Assert.Equal(new object[] { 1, 2, 3, 4, "Path,LiteralPath,Stream,Data" }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Equal(4, Requests("POST", "/parts"));
    }

    [Fact]
    public void An_id_alone_keeps_the_size_the_session_knows_so_extra_bytes_are_refused_before_sending()
    {
        CreateFile("a.bin", 1_000, seed: 1);
        var result = Run("""
            $u = New-OAIUpload -FileName a.bin -Bytes 500 -Purpose batch
            Add-OAIUploadPart -UploadId $u.Id -Path ./a.bin
            """);

        Assert.Equal("OpenAI.BytesExceedDeclared,OpenAI.PowerShell.Commands.AddOAIUploadPartCommand", result.SingleError().FullyQualifiedErrorId);
        Assert.Equal(0, Requests("POST", "/parts"));
    }

    [Fact]
    public void A_string_that_cannot_be_an_id_is_InvalidUploadId_and_nothing_is_sent()
    {
        CreateFile("a.bin", 1_000, seed: 1);
        var result = Run("Add-OAIUploadPart -Upload 'upload 1/../x' -Path ./a.bin");

        Assert.Equal("OpenAI.InvalidUploadId,OpenAI.PowerShell.Commands.AddOAIUploadPartCommand", result.SingleError().FullyQualifiedErrorId);
        Assert.Equal(0, Requests("POST", "/parts"));
    }
}
