using System.Management.Automation;
using System.Text.RegularExpressions;
using OpenAI.Emulator;
using OpenAI.PowerShell.Hosted.Tests.Hosting;

namespace OpenAI.PowerShell.Hosted.Tests.Commands;

/// <summary>
/// Send-OAIFile's resume records as ops scripts meet them: the printed command run as it is, a second
/// send of the same file, long and non-ASCII names, a -StatePath that is a folder or cannot be written,
/// and records someone edited.
/// </summary>
public sealed class SendOAIFileResumeTests : HostedTest
{
    private const string Command = "OpenAI.PowerShell.Commands.SendOAIFileCommand";

    /// <summary>A kept upload of a.bin (3 parts, the second failed), with its record at ./a.resume.json.</summary>
    private string KeepAfterAFailedPart(string statePath = "./a.resume.json")
    {
        var file = CreateFile("a.bin", 3_000);
        Server.Faults.Enqueue(Fault.Http(500, "/parts", method: "POST") with { SkipMatches = 1 });
        var kept = Run($"Send-OAIFile ./a.bin -Purpose batch -PartSize 1000 -ThrottleLimit 1 -MaxRetries 0 -KeepOnFailure -StatePath {statePath}");
        Assert.Single(kept.Errors);
        return file;
    }

    [Fact]
    public void The_command_the_warning_prints_runs_as_printed_and_finishes_the_upload()
    {
        var file = CreateFile("o'brien.bin", 3_000);
        Server.Faults.Enqueue(Fault.Http(500, "/parts", method: "POST") with { SkipMatches = 1 });
        var kept = Run("Send-OAIFile -LiteralPath \"./o'brien.bin\" -Purpose batch -PartSize 1000 -ThrottleLimit 1 -MaxRetries 0 -KeepOnFailure");
        var printed = Regex.Match(Assert.Single(kept.Warnings), "run (Send-OAIFile .*? -Resume)").Groups[1].Value;
        Assert.Contains("-Purpose 'batch' -KeepOnFailure -Resume", printed, StringComparison.Ordinal);

        // Non-interactive, as a scheduled job runs it: a missing mandatory parameter would fail, not prompt.
        var resumed = Run(printed).ThrowIfFailed();

        Assert.Equal("completed", resumed.Value<string>(0, "Status"));
        Assert.Equal(File.ReadAllBytes(file), ServerFile(resumed.Value<string>(0, "FileId")));
    }

    [Fact]
    public void A_new_send_over_a_kept_upload_is_refused_and_says_how_to_finish_or_start_again()
    {
        KeepAfterAFailedPart();
        var uploadsBefore = Requests("POST", "/uploads");

        var result = Run("Send-OAIFile ./a.bin -Purpose batch -StatePath ./a.resume.json");

        var error = result.SingleError();
        Assert.Equal("OpenAI.ResumeStateExists," + Command, error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
        Assert.Contains("-Purpose 'batch' -KeepOnFailure -Resume -StatePath", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
        Assert.Contains("Stop-OAIUpload -UploadId upload_", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
        Assert.Equal(uploadsBefore, Requests("POST", "/uploads"));
        Assert.Equal("pending", Server.State.Uploads.Single().Status);
    }

    [Fact]
    public void A_second_run_while_the_first_holds_the_record_is_refused_before_creating_an_upload()
    {
        CreateFile("a.bin", 3_000);

        var result = Run("""
            $held = [System.IO.File]::Open((Join-Path $PWD 'a.resume.json.lock'), 'OpenOrCreate', 'ReadWrite', 'None')
            try { Send-OAIFile ./a.bin -Purpose batch -StatePath ./a.resume.json } finally { $held.Dispose() }
            """);

        Assert.Equal("OpenAI.ResumeStateInUse," + Command, result.SingleError().FullyQualifiedErrorId);
        Assert.Empty(Server.Requests.All);
    }

    [Theory]
    [InlineData(230, 'n')]
    [InlineData(120, 'é')]
    public void A_file_name_that_fills_the_file_system_limit_is_sent(int length, char letter)
    {
        var name = new string(letter, length) + ".bin";
        var file = CreateFile(name, 3_000);

        var result = Run("Send-OAIFile -LiteralPath $args[0] -Purpose batch -PartSize 1000", file).ThrowIfFailed();

        Assert.Equal(File.ReadAllBytes(file), ServerFile(result.Value<string>(0, "FileId")));
    }

    [Fact]
    public void A_StatePath_that_is_a_folder_keeps_the_record_in_it()
    {
        Directory.CreateDirectory(Files.Combine("records"));

        KeepAfterAFailedPart("./records");

        var record = Assert.Single(Directory.GetFiles(Files.Combine("records")));
        Assert.StartsWith("a.bin.", Path.GetFileName(record), StringComparison.Ordinal);
        Assert.Equal(0, Requests("POST", "/cancel"));
    }

    [Fact]
    public void A_StatePath_that_cannot_be_written_is_refused_before_an_upload_is_created()
    {
        CreateFile("a.bin", 3_000);
        CreateFile("not-a-folder", 10);

        var result = Run("Send-OAIFile ./a.bin -Purpose batch -StatePath ./not-a-folder/a.json");

        Assert.Equal("OpenAI.ResumeStateUnwritable," + Command, result.SingleError().FullyQualifiedErrorId);
        Assert.Empty(Server.Requests.All);
    }

    [Theory]
    [InlineData("offset", -5L)]
    [InlineData("partSize", 100_000_000L)]
    // An id a request path could not take as it is (the server's ids are ASCII).
    [InlineData("uploadId", "upload_\u00e91")]
    public void A_record_someone_edited_is_refused_and_nothing_is_sent(string field, object value)
    {
        KeepAfterAFailedPart();
        var edit = field == "offset" ? "$r.parts[0].offset = $args[0]" : $"$r.{field} = $args[0]";
        Run($"$r = Get-Content ./a.resume.json -Raw | ConvertFrom-Json; {edit}; $r | ConvertTo-Json -Depth 5 | Set-Content ./a.resume.json", value).ThrowIfFailed();
        Server.Requests.Clear();

        var result = Run("Send-OAIFile ./a.bin -Purpose batch -KeepOnFailure -Resume -StatePath ./a.resume.json");

        var error = result.SingleError();
        Assert.Equal("OpenAI.ResumeStateUnreadable," + Command, error.FullyQualifiedErrorId);
        Assert.Contains("is not one this module wrote", error.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Requests.All);
    }
}
