using System.Management.Automation;
using OpenAI.Emulator;
using OpenAI.PowerShell.Hosted.Tests.Hosting;

namespace OpenAI.PowerShell.Hosted.Tests.Commands;

/// <summary>
/// Add-OAIUploadPart with piped chunks when the stream cannot finish: a part that fails for good, more
/// bytes than the upload was created for, a chunk that is not bytes, and Ctrl+C between records. Each
/// ends the stream once, with the parts the server accepted written, one error, a warning, and the
/// upload cancelled unless -KeepOnFailure.
/// </summary>
public sealed class AddOAIUploadPartStreamTests : HostedTest
{
    private const string Command = "OpenAI.PowerShell.Commands.AddOAIUploadPartCommand";

    [Fact]
    public void A_part_that_fails_for_good_is_an_error_a_warning_and_a_cancel_and_completion_is_not_posted()
    {
        CreateFile("a.bin", 5_000);
        Server.Faults.Enqueue(Fault.Http(400, "/parts", method: "POST") with { SkipMatches = 1 });

        var result = Run("""
            $u = New-OAIUpload -Path ./a.bin -Purpose batch
            Get-Content -LiteralPath ./a.bin -AsByteStream -ReadCount 1000 | Add-OAIUploadPart -Upload $u -PartSize 1000 -ThrottleLimit 1 -MaxRetries 0 | Complete-OAIUpload
            $?
            """);

        Assert.Contains(result.Errors, e => e.FullyQualifiedErrorId == "OpenAI.InvalidRequest," + Command);
        Assert.Contains(result.Errors, e => e.FullyQualifiedErrorId == "OpenAI.UploadClosed,OpenAI.PowerShell.Commands.CompleteOAIUploadCommand");
        Assert.Contains("was cancelled", Assert.Single(result.Warnings), StringComparison.Ordinal);
        Assert.Equal(false, result.Output[^1].BaseObject);
        Assert.Equal("cancelled", Server.State.Uploads.Single().Status);
        Assert.Equal(0, Requests("POST", "/complete"));
        // Nothing after the failed part was sent at the wrong offset.
        Assert.Equal(2, Requests("POST", "/parts"));
    }

    [Fact]
    public void More_bytes_than_declared_is_one_error_and_the_accepted_parts_are_written()
    {
        CreateFile("a.bin", 3_000);

        var result = Run("""
            $u = New-OAIUpload -FileName a.bin -Bytes 2500 -Purpose batch
            Get-Content -LiteralPath ./a.bin -AsByteStream -ReadCount 500 | Add-OAIUploadPart -Upload $u -PartSize 1000 -KeepOnFailure
            """);

        var error = result.SingleError();
        Assert.Equal("OpenAI.BytesExceedDeclared," + Command, error.FullyQualifiedErrorId);
        Assert.Equal(new[] { 1, 2 }, result.Output.Select(o => (int)o.Properties["PartNumber"].Value).Order());
        Assert.Equal(2, Server.State.Uploads.Single().Parts.Count);
        Assert.Contains("is kept", Assert.Single(result.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void A_chunk_of_ints_is_InvalidChunk_and_ends_the_stream()
    {
        var result = Run("""
            $u = New-OAIUpload -FileName a.bin -Bytes 3000 -Purpose batch
            (,[byte[]]::new(1000)), (,[int[]](1, 2, 3)), (,[byte[]]::new(1000)) | ForEach-Object { $_ } | Add-OAIUploadPart -Upload $u -PartSize 1000
            """);

        var error = result.SingleError();
        Assert.Equal("OpenAI.InvalidChunk," + Command, error.FullyQualifiedErrorId);
        Assert.Contains("System.Int32", error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal("cancelled", Server.State.Uploads.Single().Status);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Ctrl_C_between_records_cancels_or_keeps_the_upload_and_says_so(bool keep)
    {
        var keepSwitch = keep ? "-KeepOnFailure" : "";
        var (result, _) = Session.RunAndStop($$"""
            $u = New-OAIUpload -FileName a.bin -Bytes 100000 -Purpose batch
            1..100 | ForEach-Object { Start-Sleep -Milliseconds 50; ,[byte[]]::new(1000) } |
                Add-OAIUploadPart -Upload $u -PartSize 1000 {{keepSwitch}} -WarningVariable global:streamWarnings
            """,
            TimeSpan.FromSeconds(20),
            () => Server.State.Uploads.Any(u => u.Parts.Count >= 3));

        var upload = Assert.Single(Server.State.Uploads);
        // Written to the console once PowerShell refuses writes; the warning stream can hold it too, or
        // alone when the stop has not reached the pipeline yet: either way it is one warning.
        var warning = Assert.Single(result.HostText.Split('\n')
            .Where(l => l.StartsWith("WARNING: ", StringComparison.Ordinal))
            .Select(l => l["WARNING: ".Length..])
            .Concat(result.Warnings)
            .Select(w => w.TrimEnd('\r'))
            .Distinct());
        if (keep)
        {
            Assert.Equal("pending", upload.Status);
            Assert.Contains("is kept (the command was stopped", warning, StringComparison.Ordinal);
        }
        else if (warning.Contains("could not be cancelled", StringComparison.Ordinal))
        {
            // After Ctrl+C the cancel gets half a second, so the prompt comes back; a loaded machine can miss it, and then
            // says so. The request may still reach the server afterwards, so its status can be either.
            Assert.Contains("could not be cancelled: the cancel request did not finish within 0.5 s", warning, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal("cancelled", upload.Status);
            Assert.Contains("was cancelled because the command was stopped", warning, StringComparison.Ordinal);
        }
        Assert.Equal(warning.TrimEnd('\r'), Run("$global:streamWarnings | ForEach-Object Message").Output.Single().ToString());
    }
}
