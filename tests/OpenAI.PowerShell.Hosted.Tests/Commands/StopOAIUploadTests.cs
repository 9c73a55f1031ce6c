using System.Management.Automation;
using OpenAI.PowerShell.Hosted.Tests.Hosting;

namespace OpenAI.PowerShell.Hosted.Tests.Commands;

public sealed class StopOAIUploadTests : HostedTest
{
    [Fact]
    public void A_piped_Upload_is_cancelled_and_nothing_is_written()
    {
        var result = Run("$a = New-OAIUpload -FileName a.jsonl -Bytes 100 -Purpose batch; $a | Stop-OAIUpload -Confirm:$false; $a.Id").ThrowIfFailed();

        var id = Assert.Single(result.Output).BaseObject.ToString()!;
        Assert.Equal("cancelled", Server.State.GetUpload(id)!.Status);
    }

    [Fact]
    public void PassThru_writes_the_cancelled_Upload()
    {
        var result = Run("New-OAIUpload -FileName a.jsonl -Bytes 100 -Purpose batch | Stop-OAIUpload -PassThru -Confirm:$false").ThrowIfFailed();

        Assert.Equal("cancelled", result.Value<string>(0, "Status"));
        Assert.Equal("cancelled", Server.State.GetUpload(result.Value<string>(0, "Id"))!.Status);
    }

    [Fact]
    public void The_parts_of_one_upload_cancel_it_once()
    {
        CreateFile("a.bin", 3_000);
        var result = Run("""
            $a = New-OAIUpload -Path ./a.bin -Purpose batch
            $parts = Add-OAIUploadPart -Upload $a -Path ./a.bin -PartSize 1000
            $parts | Stop-OAIUpload -PassThru -Confirm:$false
            """).ThrowIfFailed();

        Assert.Single(result.Output);
        Assert.Equal(1, Requests("POST", "/cancel"));
    }

    [Fact]
    public void Uploads_from_Import_Csv_and_Import_Clixml_are_cancelled_by_their_id()
    {
        var result = Run("""
            New-OAIUpload -FileName a.jsonl -Bytes 100 -Purpose batch | Export-Csv ./u.csv
            New-OAIUpload -FileName b.jsonl -Bytes 100 -Purpose batch | Export-Clixml ./u.xml
            Import-Csv ./u.csv | Stop-OAIUpload -PassThru -Confirm:$false
            Import-Clixml ./u.xml | Stop-OAIUpload -PassThru -Confirm:$false
            """).ThrowIfFailed();

        Assert.Equal(2, result.Output.Count);
        Assert.All(Server.State.Uploads, u => Assert.Equal("cancelled", u.Status));
    }

    [Fact]
    public void An_unknown_id_fails_its_own_record_and_the_others_go_on()
    {
        var result = Run("""
            $a = New-OAIUpload -FileName a.jsonl -Bytes 100 -Purpose batch
            'upload_missing', $a.Id | Stop-OAIUpload -PassThru -Confirm:$false
            """);

        var error = result.SingleError();
        Assert.Equal("OpenAI.NotFound,OpenAI.PowerShell.Commands.StopOAIUploadCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("upload_missing", error.TargetObject);
        Assert.Contains("request id", error.ErrorDetails?.RecommendedAction ?? "", StringComparison.Ordinal);
        Assert.Equal("cancelled", result.Value<string>(0, "Status"));
    }

    [Fact]
    public void WhatIf_names_each_upload_and_sends_nothing()
    {
        var result = Run("""
            $a = New-OAIUpload -FileName a.jsonl -Bytes 100 -Purpose batch
            $a | Stop-OAIUpload -WhatIf
            """).ThrowIfFailed();

        Assert.Contains($"What if: Performing the operation \"Cancel upload\" on target \"upload_", result.HostText, StringComparison.Ordinal);
        Assert.Equal(0, Requests("POST", "/cancel"));
    }

    [Fact]
    public void Confirm_answered_no_sends_nothing()
    {
        Session.Host.ConfirmAnswers.Enqueue(false);
        var result = Run("""
            $a = New-OAIUpload -FileName a.jsonl -Bytes 100 -Purpose batch
            $a | Stop-OAIUpload -Confirm
            """).ThrowIfFailed();

        Assert.Contains("Cancel upload", result.HostText, StringComparison.Ordinal);
        Assert.Empty(result.Output);
        Assert.Equal(0, Requests("POST", "/cancel"));
    }

    [Fact]
    public void With_nothing_to_cancel_it_says_so_instead_of_prompting_for_an_upload()
    {
        var result = Run("Stop-OAIUpload");

        Assert.Equal("OpenAI.InvalidRequest,OpenAI.PowerShell.Commands.StopOAIUploadCommand", result.SingleError().FullyQualifiedErrorId);
        Assert.DoesNotContain("Upload[0]", result.HostText, StringComparison.Ordinal);
        Assert.Empty(Server.Requests.All);
    }
}
