using System.Management.Automation;
using OpenAI.Emulator;
using OpenAI.PowerShell.Hosted.Tests.Hosting;

namespace OpenAI.PowerShell.Hosted.Tests.Commands;

public sealed class AddOAIUploadPartTests : HostedTest
{
    [Theory]
    [InlineData("Get-Content -LiteralPath ./f.bin -AsByteStream -ReadCount 1000")]
    [InlineData(",[IO.File]::ReadAllBytes(\"$PWD/f.bin\")")]
    [InlineData("[IO.File]::ReadAllBytes(\"$PWD/f.bin\")")]
    // One array refilled for every chunk: each chunk is copied as it arrives, as the docs promise.
    [InlineData("& { $s = [IO.File]::OpenRead(\"$PWD/f.bin\"); $b = [byte[]]::new(1000); try { while (($n = $s.Read($b, 0, $b.Length)) -gt 0) { if ($n -lt $b.Length) { ,$b[0..($n - 1)] } else { ,$b } } } finally { $s.Dispose() } }")]
    public void Piped_bytes_are_one_stream_recut_at_PartSize_and_complete_with_md5(string source)
    {
        var path = CreateFile("f.bin", 3_500);
        var result = Run($"""
            $u = New-OAIUpload -Path ./f.bin -Purpose batch
            {source} | Add-OAIUploadPart -Upload $u -PartSize 1500 | Complete-OAIUpload -Verbose
            """).ThrowIfFailed();

        Assert.Equal(3, Requests("POST", "/parts"));
        Assert.Equal("completed", result.Value<string>(0, "Status"));
        Assert.Equal(File.ReadAllBytes(path), ServerFile(result.Value<string>(0, "FileId")));
        Assert.Contains(result.Verbose, v => v.Contains("sending md5", StringComparison.Ordinal));
    }

    [Fact]
    public void Large_GetContent_chunks_read_into_one_reused_array_arrive_intact()
    {
        // Chunks of 1.25 MiB are read into the same array, one after another, and cut across parts of 1 MiB.
        var path = CreateFile("f.bin", 3_300_000);
        var result = Run("""
            $u = New-OAIUpload -Path ./f.bin -Purpose batch
            Get-Content -LiteralPath ./f.bin -AsByteStream -ReadCount 1.25MB | Add-OAIUploadPart -Upload $u -PartSize 1MB -ThrottleLimit 2 | Complete-OAIUpload
            """).ThrowIfFailed();

        Assert.Equal(4, Requests("POST", "/parts"));
        Assert.Equal(File.ReadAllBytes(path), ServerFile(result.Value<string>(0, "FileId")));
    }

    [Fact]
    public void Part_numbers_keep_counting_across_calls_for_one_upload()
    {
        CreateFile("f.bin", 3_000);
        var result = Run("""
            $u = New-OAIUpload -Path ./f.bin -Purpose batch
            $bytes = [IO.File]::ReadAllBytes("$PWD/f.bin")
            ,$bytes[0..999] | Add-OAIUploadPart -Upload $u
            ,$bytes[1000..2999] | Add-OAIUploadPart -Upload $u
            """).ThrowIfFailed();

        Assert.Equal(new[] { 1, 2 }, result.Output.Select(o => (int)o.Properties["PartNumber"].Value));
        Assert.Equal(new[] { 0L, 1000L }, result.Output.Select(o => (long)o.Properties["Offset"].Value));
    }

    [Fact]
    public void A_file_named_with_a_bracket_is_sent_from_Get_ChildItem()
    {
        var path = CreateFile("we[ird].bin", 2_000);
        var result = Run("""
            $u = New-OAIUpload -LiteralPath ./we[ird].bin -Purpose batch
            Get-ChildItem -Filter 'we*' | Add-OAIUploadPart -Upload $u | Complete-OAIUpload
            """).ThrowIfFailed();

        Assert.Equal("we[ird].bin", result.Value<string>(0, "FileName"));
        Assert.Equal(File.ReadAllBytes(path), ServerFile(result.Value<string>(0, "FileId")));
    }

    [Fact]
    public void Adding_more_than_declared_fails_before_sending()
    {
        CreateFile("f.bin", 3_000);
        var result = Run("""
            $u = New-OAIUpload -FileName f.bin -Bytes 1000 -Purpose batch
            Add-OAIUploadPart -Upload $u -Path ./f.bin
            """);

        Assert.Contains("OpenAI.BytesExceedDeclared,OpenAI.PowerShell.Commands.AddOAIUploadPartCommand", result.ErrorIds);
        Assert.Equal(0, Requests("POST", "/parts"));
    }

    [Theory]
    [InlineData("", "cancelled")]
    [InlineData("-KeepOnFailure", "pending")]
    public void A_part_that_fails_for_good_cancels_the_upload_unless_kept(string keep, string status)
    {
        CreateFile("f.bin", 3_000);
        for (var i = 0; i < 20; i++)
        {
            Server.Faults.Enqueue(Fault.Http(500, "/parts"));
        }
        var result = Run($"""
            $u = New-OAIUpload -Path ./f.bin -Purpose batch
            Add-OAIUploadPart -Upload $u -Path ./f.bin -PartSize 1000 -MaxRetries 0 {keep}
            """);

        Assert.NotEmpty(result.AllErrors);
        Assert.All(Server.State.Uploads, u => Assert.Equal(status, u.Status));
    }

    [Fact]
    public void WhatIf_sends_no_part()
    {
        CreateFile("f.bin", 3_000);
        var result = Run("""
            $u = New-OAIUpload -Path ./f.bin -Purpose batch
            Add-OAIUploadPart -Upload $u -Path ./f.bin -PartSize 1000 -WhatIf
            """).ThrowIfFailed();

        Assert.Contains("What if:", result.HostText, StringComparison.Ordinal);
        Assert.Equal(0, Requests("POST", "/parts"));
    }

    [Fact]
    public void Piped_chunks_show_progress_of_bytes_read_and_parts_sent()
    {
        CreateFile("f.bin", 3_000);
        var result = Run("""
            $u = New-OAIUpload -Path ./f.bin -Purpose batch
            Get-Content -LiteralPath ./f.bin -AsByteStream -ReadCount 500 | Add-OAIUploadPart -Upload $u -PartSize 1000 -ThrottleLimit 1
            """).ThrowIfFailed();

        Assert.Contains(result.Progress, p => p.Activity == "Piped bytes" && p.StatusDescription.Contains("part(s) sent", StringComparison.Ordinal));
        var last = result.Progress.Last(p => p.Activity == "Piped bytes");
        Assert.Equal(System.Management.Automation.ProgressRecordType.Completed, last.RecordType);
        Assert.Equal("2.93 KiB read, 3 part(s) sent", last.StatusDescription);
    }

    [Fact]
    public void A_large_object_array_chunk_is_read_back_in_ranges_and_arrives_whole()
    {
        // Over a million items: the chunk is converted on several threads, each taking a range.
        var path = CreateFile("f.bin", 1_500_003);
        var result = Run("""
            $u = New-OAIUpload -Path ./f.bin -Purpose batch
            $items = [object[]][IO.File]::ReadAllBytes("$PWD/f.bin")
            ,$items | Add-OAIUploadPart -Upload $u -PartSize 1MB | Complete-OAIUpload
            """).ThrowIfFailed();

        Assert.Equal(File.ReadAllBytes(path), ServerFile(result.Value<string>(0, "FileId")));
    }

    [Fact]
    public void A_large_object_array_with_one_item_that_is_not_a_byte_is_InvalidChunk_and_sends_nothing()
    {
        CreateFile("f.bin", 1_500_000);
        var result = Run("""
            $u = New-OAIUpload -Path ./f.bin -Purpose batch
            $items = [object[]][IO.File]::ReadAllBytes("$PWD/f.bin")
            $items[1400000] = 'x'
            ,$items | Add-OAIUploadPart -Upload $u
            """);

        var error = result.SingleError();
        Assert.Equal("OpenAI.InvalidChunk,OpenAI.PowerShell.Commands.AddOAIUploadPartCommand", error.FullyQualifiedErrorId);
        Assert.Contains("Item 1400000 of a piped chunk is of type 'System.String', not a byte", error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, Requests("POST", "/parts"));
        Assert.Equal("cancelled", Server.State.Uploads.Single().Status);
    }

    [Fact]
    public void A_Data_part_over_64_MiB_is_PartTooLarge_naming_the_part_and_sends_nothing()
    {
        var result = Run("""
            $u = New-OAIUpload -FileName big.bin -Bytes 100MB -Purpose batch
            Add-OAIUploadPart -Upload $u -Data ([byte[]]::new(64MB + 1))
            """);

        var error = Assert.Single(result.AllErrors);
        Assert.Equal("OpenAI.PartTooLarge,OpenAI.PowerShell.Commands.AddOAIUploadPartCommand", error.FullyQualifiedErrorId);
        Assert.StartsWith("Part 1 has 67,108,865 bytes", error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, Requests("POST", "/parts"));
    }

    [Theory]
    [InlineData("-Path ./f.bin -PartSize 65MB", "OpenAI.PartTooLarge")]
    [InlineData("-Path ./f.bin -PartSize 0", "OpenAI.InvalidRequest")]
    public void A_PartSize_out_of_range_ends_the_command_with_its_OpenAI_ErrorId_before_sending(string arguments, string errorId)
    {
        CreateFile("f.bin", 3_000);
        Run("$u = New-OAIUpload -Path ./f.bin -Purpose batch").ThrowIfFailed();

        var result = Run($"Add-OAIUploadPart -Upload $u {arguments}");

        var error = result.SingleError();
        // The about topic's ErrorId, not PowerShell's ParameterArgumentValidationError with a raw range.
        Assert.Equal(errorId + ",OpenAI.PowerShell.Commands.AddOAIUploadPartCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("PartSize must be between 1 and 67,108,864 bytes (64 MiB)", error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, Requests("POST", "/parts"));
    }

    [Fact]
    public void Parts_of_a_symbolic_link_carry_its_targets_bytes()
    {
        var target = CreateFile("f1m.bin", 1_000_000);
        File.CreateSymbolicLink(Files.Combine("link.bin"), "f1m.bin");

        var result = Run("""
            $u = New-OAIUpload -Path ./link.bin -Purpose batch
            Add-OAIUploadPart -Upload $u -Path ./link.bin -PartSize 300000 | Complete-OAIUpload
            """).ThrowIfFailed();

        var upload = Assert.Single(result.Output);
        Assert.Equal("completed", upload.Properties["Status"].Value);
        Assert.Equal(File.ReadAllBytes(target), ServerFile((string)upload.Properties["FileId"].Value));
    }

    [Fact]
    public void PartSize_and_ThrottleLimit_are_not_offered_with_Data_which_is_one_part()
    {
        var result = Run("""
            $sets = (Get-Command Add-OAIUploadPart).ParameterSets | Where-Object Name -like '*Data'
            $sets | ForEach-Object { $_.Parameters.Name -contains 'PartSize' -or $_.Parameters.Name -contains 'ThrottleLimit' }
            $u = New-OAIUpload -FileName a.bin -Bytes 10 -Purpose batch
            Add-OAIUploadPart -Upload $u -Data ([byte[]]::new(10)) -PartSize 5
            """);

        Assert.Equal(new object[] { false }, result.Output.Take(1).Select(o => o.BaseObject));
        Assert.Equal(0, Requests("POST", "/parts"));
        Assert.StartsWith("AmbiguousParameterSet", result.SingleError().FullyQualifiedErrorId, StringComparison.Ordinal);
    }
}
