using System.Management.Automation;
using OpenAI.Emulator;
using OpenAI.PowerShell.Hosted.Tests.Hosting;

namespace OpenAI.PowerShell.Hosted.Tests.Commands;

public sealed class SendOAIFileTests : HostedTest
{
    [Fact]
    public void Files_from_Get_ChildItem_are_sent_in_parts_with_progress_and_completed()
    {
        var weird = CreateFile("we[ird].jsonl", 5_000, seed: 1);
        var plain = CreateFile("plain.jsonl", 3_000, seed: 2);
        var result = Run("Get-ChildItem -Filter *.jsonl | Send-OAIFile -Purpose batch -PartSize 2000").ThrowIfFailed();

        Assert.Equal(2, result.Output.Count);
        var byName = result.Output.ToDictionary(o => (string)o.Properties["FileName"].Value, o => (string)o.Properties["FileId"].Value);
        Assert.Equal(File.ReadAllBytes(weird), ServerFile(byName["we[ird].jsonl"]));
        Assert.Equal(File.ReadAllBytes(plain), ServerFile(byName["plain.jsonl"]));
        Assert.Contains(result.Progress, p => p.RecordType == ProgressRecordType.Completed);
        Assert.Equal(5, Requests("POST", "/parts"));
    }

    [Fact]
    public void Purpose_is_positional_and_WhatIf_sends_nothing()
    {
        CreateFile("a.jsonl", 1_000);
        var result = Run("Send-OAIFile ./a.jsonl batch -WhatIf").ThrowIfFailed();

        Assert.Contains("What if:", result.HostText, StringComparison.Ordinal);
        Assert.Empty(Server.Requests.All);
    }

    [Fact]
    public void A_missing_file_fails_its_record_with_the_path_as_target()
    {
        CreateFile("a.jsonl", 1_000);
        var result = Run("'./missing.jsonl', './a.jsonl' | Send-OAIFile -Purpose batch");

        var error = result.SingleError();
        Assert.Equal("OpenAI.FileNotFound,OpenAI.PowerShell.Commands.SendOAIFileCommand", error.FullyQualifiedErrorId);
        Assert.Equal("./missing.jsonl", error.TargetObject);
        Assert.Equal("completed", result.Value<string>(0, "Status"));
    }

    [Fact]
    public void Several_files_have_a_parent_bar_each_file_a_short_bar_and_a_completing_phase()
    {
        CreateFile("a.jsonl", 3_000, seed: 1);
        CreateFile("b.jsonl", 2_000, seed: 2);
        var result = Run("Send-OAIFile -Path ./a.jsonl, ./b.jsonl -Purpose batch -PartSize 1000").ThrowIfFailed();

        var parent = result.Progress.Where(p => p.ActivityId == 1).ToList();
        Assert.Contains(parent, p => p.StatusDescription == "File 1 of 2: a.jsonl");
        Assert.Contains(parent, p => p.StatusDescription == "File 2 of 2: b.jsonl");
        Assert.Equal(ProgressRecordType.Completed, parent.Last().RecordType);
        var files = result.Progress.Where(p => p.ActivityId != 1).ToList();
        Assert.All(files, p => Assert.Equal(1, p.ParentActivityId));
        Assert.Equal(new[] { "a.jsonl", "b.jsonl" }, files.Select(p => p.Activity).Distinct());
        Assert.Contains(files, p => p.StatusDescription.StartsWith("Completing", StringComparison.Ordinal));
        // Short enough to stay readable beside a bar in an 80-column console; the time left is the bar's own.
        Assert.All(files, p => Assert.True(p.StatusDescription.Length <= 50, p.StatusDescription));
        Assert.DoesNotContain(files, p => p.StatusDescription.Contains("left", StringComparison.Ordinal));
    }

    [Fact]
    public void A_part_the_server_accepted_is_kept_when_its_sibling_fails()
    {
        CreateFile("a.bin", 4_000);
        // Two parts in flight: the first to arrive is slow but accepted, the second fails at once.
        Server.Faults.Enqueue(Fault.Slow("/parts", TimeSpan.FromMilliseconds(800)));
        Server.Faults.Enqueue(Fault.Http(400, "/parts"));
        var result = Run("""
            Send-OAIFile ./a.bin -Purpose batch -PartSize 1000 -ThrottleLimit 2 -KeepOnFailure -StatePath ./a.resume.json -MaxRetries 0
            (Get-Content ./a.resume.json | ConvertFrom-Json).parts
            """);

        Assert.Single(result.Errors);
        var recorded = Assert.Single(result.Output);
        var partId = (string)recorded.Properties["id"].Value;
        Assert.Contains(Server.State.Uploads.Single().Parts, p => p.Id == partId);
    }

    [Fact]
    public void A_PartSize_over_64_MiB_is_PartTooLarge_and_nothing_is_sent()
    {
        CreateFile("a.bin", 3_000);

        var result = Run("Send-OAIFile ./a.bin -Purpose batch -PartSize 100MB");

        var error = result.SingleError();
        Assert.Equal("OpenAI.PartTooLarge,OpenAI.PowerShell.Commands.SendOAIFileCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Empty(Server.Requests.All);
    }

    [Fact]
    public void A_symbolic_link_is_sent_whole_under_its_own_name()
    {
        // A ConfigMap or secret mounted in a container is a symbolic link; its own size is the link text's.
        var target = CreateFile("f1m.bin", 1_000_000);
        File.CreateSymbolicLink(Files.Combine("link.bin"), "f1m.bin");

        var result = Run("""
            Send-OAIFile ./link.bin -Purpose batch -PartSize 300000
            Get-Item ./link.bin | Send-OAIFile -Purpose batch -PartSize 300000
            """).ThrowIfFailed();

        Assert.Equal(2, result.Output.Count);
        foreach (var upload in result.Output)
        {
            Assert.Equal("link.bin", upload.Properties["FileName"].Value);
            Assert.Equal(1_000_000L, upload.Properties["Bytes"].Value);
            Assert.Equal(File.ReadAllBytes(target), ServerFile((string)upload.Properties["FileId"].Value));
        }
    }

    [Fact]
    public void A_resume_record_whose_upload_was_cancelled_on_the_server_is_dropped()
    {
        CreateFile("a.bin", 3_000);
        Server.Faults.Enqueue(Fault.Http(500, "/parts", method: "POST") with { SkipMatches = 1 });
        var first = Run("Send-OAIFile ./a.bin -Purpose batch -PartSize 1000 -ThrottleLimit 1 -MaxRetries 0 -KeepOnFailure -StatePath ./a.resume.json");
        Assert.Single(first.Errors);
        Assert.True(File.Exists(Files.Combine("a.resume.json")));
        // Someone cancels it elsewhere: another session, the dashboard, a clean-up job.
        Run("Stop-OAIUpload -UploadId (Get-Content ./a.resume.json | ConvertFrom-Json).uploadId -Confirm:$false").ThrowIfFailed();

        var resumed = Run("Send-OAIFile ./a.bin -Purpose batch -KeepOnFailure -Resume -StatePath ./a.resume.json");

        Assert.Single(resumed.Errors);
        Assert.Contains("no longer takes parts", Assert.Single(resumed.Warnings), StringComparison.Ordinal);
        Assert.False(File.Exists(Files.Combine("a.resume.json")), "The record of an upload that can never be resumed is kept.");
    }

    [Fact]
    public void A_wildcard_that_matches_nothing_is_FileNotFound_as_Get_Content_says()
    {
        var result = Run("Send-OAIFile ./nothing-here*.jsonl -Purpose batch");

        var error = result.SingleError();
        Assert.Equal("OpenAI.FileNotFound,OpenAI.PowerShell.Commands.SendOAIFileCommand", error.FullyQualifiedErrorId);
        Assert.Equal("./nothing-here*.jsonl", error.TargetObject);
        Assert.Empty(Server.Requests.All);
    }
}
