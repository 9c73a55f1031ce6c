using OpenAI.Emulator;
using OpenAI.PowerShell.Hosted.Tests.Hosting;

namespace OpenAI.PowerShell.Hosted.Tests.Commands;

/// <summary>Add-OAIUploadPart when parts fail, when the output is cut short, and under -WhatIf.</summary>
public sealed class AddOAIUploadPartFailureTests : HostedTest
{
    [Fact]
    public void A_failed_file_is_an_error_record_and_the_next_file_of_the_batch_goes_on()
    {
        CreateFile("a.bin", 1_000, seed: 1);
        CreateFile("b.bin", 1_000, seed: 2);
        Server.Faults.Enqueue(Fault.Http(400, "/parts"));
        var result = Run("""
            $u = New-OAIUpload -FileName ab.bin -Bytes 2000 -Purpose batch
            Add-OAIUploadPart -Upload $u -Path ./a.bin, ./b.bin -KeepOnFailure -ErrorAction SilentlyContinue -ErrorVariable addErrors
            'after'
            $addErrors
            """);

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        var error = (System.Management.Automation.ErrorRecord)result.Output[^1].BaseObject;
        Assert.Equal("OpenAI.InvalidRequest,OpenAI.PowerShell.Commands.AddOAIUploadPartCommand", error.FullyQualifiedErrorId);
        Assert.EndsWith("a.bin", (string)error.TargetObject);
        Assert.Equal(new[] { "OpenAI.PowerShell.Model.UploadPart", "System.String", "System.Management.Automation.ErrorRecord" }, result.OutputTypes);
        Assert.Equal(1, result.Value<int>(0, "PartNumber"));
        Assert.Contains(result.Warnings, w => w.Contains("is kept", StringComparison.Ordinal));
    }

    [Fact]
    public void After_a_cancelled_upload_the_rest_of_the_batch_is_refused_without_a_request()
    {
        CreateFile("a.bin", 1_000, seed: 1);
        CreateFile("b.bin", 1_000, seed: 2);
        Server.Faults.Enqueue(Fault.Http(400, "/parts"));
        var result = Run("""
            $u = New-OAIUpload -FileName ab.bin -Bytes 2000 -Purpose batch
            Add-OAIUploadPart -Upload $u -Path ./a.bin, ./b.bin
            """);

        Assert.Equal(2, result.Errors.Count);
        Assert.Equal("OpenAI.UploadClosed,OpenAI.PowerShell.Commands.AddOAIUploadPartCommand", result.Errors[1].FullyQualifiedErrorId);
        Assert.Contains("is cancelled, so it cannot take more parts", result.Errors[1].Exception.Message, StringComparison.Ordinal);
        Assert.Equal(1, Requests("POST", "/parts"));
        Assert.Equal("cancelled", Server.State.Uploads.Single().Status);
        Assert.Contains(result.Warnings, w => w.Contains("was cancelled", StringComparison.Ordinal));
    }

    [Fact]
    public void No_cancel_is_sent_for_an_upload_the_server_does_not_know()
    {
        CreateFile("a.bin", 1_000);
        var result = Run("Add-OAIUploadPart -UploadId upload_missing -Path ./a.bin");

        Assert.Equal("OpenAI.NotFound,OpenAI.PowerShell.Commands.AddOAIUploadPartCommand", result.SingleError().FullyQualifiedErrorId);
        Assert.Equal(0, Requests("POST", "/cancel"));
        Assert.Contains(result.Warnings, w => w.Contains("no longer takes parts", StringComparison.Ordinal));
    }

    [Fact]
    public void A_downstream_Select_First_keeps_the_upload_and_every_part()
    {
        var path = CreateFile("a.bin", 3_000);
        var result = Run("""
            $u = New-OAIUpload -Path ./a.bin -Purpose batch
            Add-OAIUploadPart -Upload $u -Path ./a.bin -PartSize 1000 -ThrottleLimit 1 | Select-Object -First 1
            """).ThrowIfFailed();

        Assert.Single(result.Output);
        var upload = Server.State.Uploads.Single();
        Assert.Equal("pending", upload.Status);
        Assert.Equal(3, upload.Parts.Count);
        Assert.Equal(0, Requests("POST", "/cancel"));
    }

    [Fact]
    public void WhatIf_on_piped_chunks_counts_the_parts_and_sends_nothing()
    {
        CreateFile("a.bin", 3_000);
        var result = Run("""
            $u = New-OAIUpload -Path ./a.bin -Purpose batch
            Get-Content -LiteralPath ./a.bin -AsByteStream -ReadCount 700 | Add-OAIUploadPart -Upload $u -PartSize 1000 -WhatIf
            """).ThrowIfFailed();

        Assert.Matches(@"What if: Add 2\.93 KiB of piped bytes to upload 'upload_\w+' in 3 part\(s\)\.", result.HostText);
        Assert.DoesNotContain("part 1", result.HostText, StringComparison.Ordinal);
        Assert.Equal(0, Requests("POST", "/parts"));
    }

    [Fact]
    public void WhatIf_on_piped_chunks_needs_no_API_key()
    {
        CreateFile("a.bin", 3_000);
        var result = RunWithoutKey("""
            Get-Content -LiteralPath ./a.bin -AsByteStream -ReadCount 700 | Add-OAIUploadPart -UploadId upload_abc -PartSize 1000 -WhatIf
            """);

        Assert.Empty(result.Errors);
        Assert.Null(result.Terminating);
        Assert.Contains("in 3 part(s)", result.HostText, StringComparison.Ordinal);
        Assert.Equal(0, Requests("POST", "/parts"));
    }

    [Fact]
    public void Piped_chunks_a_part_accepted_after_a_sibling_failed_is_still_written_and_counted()
    {
        CreateFile("a.bin", 3_000);
        // Of the two parts in flight, the first to arrive is slow but accepted and the other fails at once; part 3 is never sent.
        Server.Faults.Enqueue(Fault.Slow("/parts", TimeSpan.FromMilliseconds(800)));
        Server.Faults.Enqueue(Fault.Http(400, "/parts"));
        var result = Run("""
            $u = New-OAIUpload -Path ./a.bin -Purpose batch
            Get-Content -LiteralPath ./a.bin -AsByteStream -ReadCount 1000 |
                Add-OAIUploadPart -Upload $u -PartSize 1000 -ThrottleLimit 2 -KeepOnFailure -MaxRetries 0
            """);

        Assert.Equal("OpenAI.InvalidRequest,OpenAI.PowerShell.Commands.AddOAIUploadPartCommand", result.SingleError().FullyQualifiedErrorId);
        var written = Assert.Single(result.Output);
        var upload = Server.State.Uploads.Single();
        Assert.Equal("pending", upload.Status);
        Assert.Equal((string)written.Properties["Id"].Value, Assert.Single(upload.Parts).Id);
        Assert.Equal(2, Requests("POST", "/parts"));
        Assert.Contains(result.Warnings, w => w.Contains("is kept", StringComparison.Ordinal) && w.Contains("1 part(s) sent", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 3)]
    public void Confirm_on_piped_chunks_asks_once_and_the_answer_holds_for_every_chunk(bool answer, int partsSent)
    {
        CreateFile("a.bin", 3_000);
        Session.Host.ConfirmAnswers.Enqueue(answer);
        var result = Run("""
            $u = New-OAIUpload -Path ./a.bin -Purpose batch
            Get-Content -LiteralPath ./a.bin -AsByteStream -ReadCount 700 | Add-OAIUploadPart -Upload $u -PartSize 1000 -Confirm
            """).ThrowIfFailed();

        Assert.Single(result.HostText.Split("Are you sure you want to perform this action?")[1..]);
        Assert.Contains("Add the piped bytes to upload", result.HostText, StringComparison.Ordinal);
        Assert.Equal(partsSent, result.Output.Count);
        Assert.Equal(partsSent, Requests("POST", "/parts"));
    }

    [Theory]
    [InlineData("", "cancelled", 0)]
    [InlineData("-KeepOnFailure", "pending", 2)]
    public void A_piped_chunk_that_is_not_bytes_fails_the_stream_and_nothing_after_it_is_sent(string keep, string status, int partsKept)
    {
        var result = Run($$"""
            $u = New-OAIUpload -FileName a.bin -Bytes 30 -Purpose batch
            & { ,[byte[]](1..10); ,@([byte]1, 'x'); ,[byte[]](11..20) } | Add-OAIUploadPart -Upload $u -PartSize 5 -ThrottleLimit 1 {{keep}}
            """);

        var error = result.SingleError();
        Assert.Equal("OpenAI.InvalidChunk,OpenAI.PowerShell.Commands.AddOAIUploadPartCommand", error.FullyQualifiedErrorId);
        Assert.Contains("Item 1 of a piped chunk is of type 'System.String'", error.Exception.Message, StringComparison.Ordinal);
        var upload = Server.State.Uploads.Single();
        Assert.Equal(upload.Id, error.TargetObject);
        Assert.Equal(status, upload.Status);
        // Only the bytes before the broken chunk were sent, as the parts written out.
        Assert.Equal(2, Requests("POST", "/parts"));
        Assert.Equal(new[] { 1, 2 }, result.Output.Select(o => (int)o.Properties["PartNumber"].Value).Order());
        Assert.Equal(partsKept, upload.Status == "pending" ? upload.Parts.Count : 0);
    }

    [Theory]
    [InlineData("", "cancel")]
    [InlineData("-KeepOnFailure", "keep")]
    public void WhatIf_with_a_broken_chunk_counts_only_the_bytes_before_it_and_says_what_a_real_run_would_do(string keep, string outcome)
    {
        var result = Run($$"""
            $u = New-OAIUpload -FileName a.bin -Bytes 30 -Purpose batch
            & { ,[byte[]](1..10); ,@([byte]1, 'x'); ,[byte[]](11..20) } | Add-OAIUploadPart -Upload $u -PartSize 5 -WhatIf {{keep}}
            """);

        Assert.Equal("OpenAI.InvalidChunk,OpenAI.PowerShell.Commands.AddOAIUploadPartCommand", result.SingleError().FullyQualifiedErrorId);
        Assert.Matches(
            $@"What if: Add 10 B of piped bytes to upload 'upload_\w+' in 2 part\(s\), then stop at the broken chunk and {outcome} the upload\.",
            result.HostText);
        Assert.Equal(0, Requests("POST", "/parts"));
        Assert.Equal("pending", Server.State.Uploads.Single().Status);
    }

    [Fact]
    public void A_warning_after_Ctrl_C_is_added_to_the_WarningVariable_after_the_warnings_before_it()
    {
        CreateFile("a.bin", 1_000, seed: 1);
        CreateFile("b.bin", 1_000, seed: 2);
        Run("$global:u = New-OAIUpload -FileName ab.bin -Bytes 2000 -Purpose batch").ThrowIfFailed();
        // a.bin's part fails at once (a warning while the pipeline runs); b.bin's is never answered (Ctrl+C).
        Server.Faults.Enqueue(Fault.Http(400, "/parts"));
        Server.Faults.Enqueue(Fault.Slow("/parts", TimeSpan.FromSeconds(30)));
        Session.RunAndStop(
            "Add-OAIUploadPart -Upload $global:u -Path ./a.bin, ./b.bin -KeepOnFailure -MaxRetries 0 -ErrorAction SilentlyContinue -WarningVariable global:addWarnings",
            TimeSpan.FromSeconds(1.5));

        var kept = Run("$global:addWarnings | ForEach-Object Message").Output.Select(o => o.ToString()).ToList();
        Assert.True(kept.Count == 2, string.Join("\n", kept));
        Assert.Contains("is kept (it failed;", kept[0], StringComparison.Ordinal);
        Assert.Contains("is kept (the command was stopped;", kept[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_400_that_says_the_upload_is_cancelled_gets_no_cancel_and_no_still_open_warning()
    {
        // A strict server names the state in its message only, with no code.
        CreateFile("a.bin", 1_000);
        Server.Faults.Enqueue(Fault.Http(400, "/parts", message: "Upload is already cancelled and does not accept parts."));
        var result = Run("""
            $u = New-OAIUpload -Path ./a.bin -Purpose batch
            Add-OAIUploadPart -Upload $u -Path ./a.bin
            """);

        Assert.Equal("OpenAI.InvalidRequest,OpenAI.PowerShell.Commands.AddOAIUploadPartCommand", result.SingleError().FullyQualifiedErrorId);
        Assert.Equal(0, Requests("POST", "/cancel"));
        AssertSaysClosed(result);
    }

    [Fact]
    public void A_cancel_the_server_refuses_means_the_upload_is_closed_not_still_open()
    {
        CreateFile("a.bin", 1_000);
        Server.Faults.Enqueue(Fault.Http(400, "/parts", message: "Part refused."));
        Server.Faults.Enqueue(Fault.Http(400, "/cancel", message: "This upload cannot be cancelled."));
        var result = Run("""
            $u = New-OAIUpload -Path ./a.bin -Purpose batch
            Add-OAIUploadPart -Upload $u -Path ./a.bin -MaxRetries 0
            """);

        Assert.Single(result.Errors);
        Assert.Equal(1, Requests("POST", "/cancel"));
        AssertSaysClosed(result);
    }

    [Fact]
    public void An_Upload_whose_Status_says_cancelled_is_refused_before_sending()
    {
        CreateFile("a.bin", 1_000);
        var result = Run("""
            $u = New-OAIUpload -Path ./a.bin -Purpose batch | Stop-OAIUpload -PassThru -Confirm:$false
            Remove-Module OpenAI.PowerShell; Import-Module $args[0]   # a new session knows only the object
            $u.Status
            Add-OAIUploadPart -Upload $u -Path ./a.bin
            """, RepoPaths.ModuleManifest);

        Assert.Equal("cancelled", result.Output[0].BaseObject);
        Assert.Equal("OpenAI.UploadClosed,OpenAI.PowerShell.Commands.AddOAIUploadPartCommand", result.SingleError().FullyQualifiedErrorId);
        Assert.Equal(0, Requests("POST", "/parts"));
    }

    [Fact]
    public void Complete_OAIUpload_does_not_post_to_an_upload_its_upstream_just_cancelled()
    {
        CreateFile("a.bin", 3_000);
        Server.Faults.Enqueue(Fault.Http(500, "/parts", method: "POST") with { SkipMatches = 1 });
        var result = Run("""
            $u = New-OAIUpload -Path ./a.bin -Purpose batch
            Add-OAIUploadPart -Upload $u -Path ./a.bin -PartSize 1000 -ThrottleLimit 1 -MaxRetries 0 | Complete-OAIUpload
            """);

        Assert.Equal("cancelled", Server.State.Uploads.Single().Status);
        Assert.Contains(result.Errors, e => e.FullyQualifiedErrorId == "OpenAI.UploadClosed,OpenAI.PowerShell.Commands.CompleteOAIUploadCommand");
        Assert.Equal(0, Requests("POST", "/complete"));
    }

    /// <summary>One warning, saying the upload no longer takes parts, never that it is still open.</summary>
    private static void AssertSaysClosed(RunResult result)
    {
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("no longer takes parts", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("still open", warning, StringComparison.Ordinal);
    }
}
