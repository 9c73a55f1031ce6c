using OpenAI.Emulator;
using OpenAI.PowerShell.Hosted.Tests.Hosting;

namespace OpenAI.PowerShell.Hosted.Tests.Commands.Files;

public sealed class SaveOAIFileTests : HostedTest
{
    private static byte[] Content(int length, int seed = 3)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private string Local(string relative) => Path.Combine(Files.Root, relative);

    private string[] LeftIn(string folder) =>
        Directory.Exists(Local(folder)) ? Directory.GetFileSystemEntries(Local(folder)).Select(p => Path.GetFileName(p)).ToArray() : Array.Empty<string>();

    [Fact]
    public void Files_are_streamed_into_a_folder_under_their_own_names_byte_for_byte()
    {
        var big = Content(5_000_000);
        var first = Server.State.AddFile(big, "batch_output", "results.jsonl");
        var second = Server.State.AddFile(Content(10, 4), "batch", "in.jsonl");

        var result = Run($"'{first}', '{second}' | Save-OAIFile -Destination ./out/").ThrowIfFailed();

        Assert.Equal(new[] { Local("out/results.jsonl"), Local("out/in.jsonl") }, result.Output.Select(o => ((FileInfo)o.BaseObject).FullName));
        Assert.Equal(big, File.ReadAllBytes(Local("out/results.jsonl")));
        Assert.Contains(result.Progress, p => p.PercentComplete is > 0 and < 100);
    }

    [Fact]
    public void An_existing_file_is_never_overwritten_without_Force()
    {
        var id = Server.State.AddFile(Content(100), "batch", "a.jsonl");
        File.WriteAllText(Local("a.jsonl"), "mine");

        var refused = Run($"Save-OAIFile {id}");
        Assert.Equal("OpenAI.OutputExists,OpenAI.PowerShell.Commands.SaveOAIFileCommand", refused.SingleError().FullyQualifiedErrorId);
        Assert.Equal("mine", File.ReadAllText(Local("a.jsonl")));
        Assert.Equal(0, Requests("GET", "/content"));

        Run($"Save-OAIFile {id} -Force").ThrowIfFailed();
        Assert.Equal(Content(100), File.ReadAllBytes(Local("a.jsonl")));
    }

    [Fact]
    public void A_file_path_takes_one_File_and_a_second_is_refused_without_touching_the_first()
    {
        var a = Server.State.AddFile(Content(10), "batch", "a.jsonl");
        var b = Server.State.AddFile(Content(20), "batch", "b.jsonl");

        var result = Run($"'{a}', '{b}' | Save-OAIFile -Destination ./one.jsonl");

        Assert.Equal("OpenAI.OutputConflict,OpenAI.PowerShell.Commands.SaveOAIFileCommand", result.SingleError().FullyQualifiedErrorId);
        Assert.Equal(Content(10), File.ReadAllBytes(Local("one.jsonl")));
    }

    [Fact]
    public void A_folder_that_does_not_exist_is_refused_unless_the_destination_ends_with_a_separator()
    {
        var id = Server.State.AddFile(Content(10), "batch", "a.jsonl");

        var refused = Run($"Save-OAIFile {id} -Destination ./missing/a.jsonl");

        Assert.Equal("OpenAI.FileNotFound,OpenAI.PowerShell.Commands.SaveOAIFileCommand", refused.SingleError().FullyQualifiedErrorId);
        Assert.Equal(0, Requests("GET", "/v1/files"));
        Run($"Save-OAIFile {id} -Destination ./made/").ThrowIfFailed();
        Assert.Equal(Content(10), File.ReadAllBytes(Local("made/a.jsonl")));
    }

    [Fact]
    public void A_name_from_the_server_with_a_path_in_it_is_saved_inside_the_folder()
    {
        var id = Server.State.AddFile(Content(10), "batch", "../../etc/evil.jsonl");

        Run($"Save-OAIFile {id} -Destination ./out/").ThrowIfFailed();

        Assert.Equal(new[] { "evil.jsonl" }, LeftIn("out"));
    }

    [Fact]
    public void A_body_cut_off_once_is_fetched_again_and_saved_whole()
    {
        var content = Content(300_000);
        var id = Server.State.AddFile(content, "batch_output", "r.jsonl");
        Server.Faults.Enqueue(Fault.AbortResponse("/content", 100_000, "GET"));

        Run($"Save-OAIFile {id}").ThrowIfFailed();

        Assert.Equal(content, File.ReadAllBytes(Local("r.jsonl")));
        Assert.Equal(2, Requests("GET", "/content"));
    }

    [Fact]
    public void A_download_that_keeps_failing_is_OpenAI_DownloadFailed_and_leaves_nothing()
    {
        var id = Server.State.AddFile(Content(300_000), "batch_output", "r.jsonl");
        for (var i = 0; i < 5; i++)
        {
            Server.Faults.Enqueue(Fault.AbortResponse("/content", 100_000, "GET"));
        }

        var result = Run($"Save-OAIFile {id} -Destination ./out/ -MaxRetries 1");

        var error = result.SingleError();
        Assert.Equal("OpenAI.DownloadFailed,OpenAI.PowerShell.Commands.SaveOAIFileCommand", error.FullyQualifiedErrorId);
        Assert.Contains("nothing was saved", error.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(LeftIn("out"));
    }

    [Fact]
    public void WhatIf_writes_nothing_and_says_where_the_File_would_go()
    {
        var id = Server.State.AddFile(Content(10), "batch", "a.jsonl");

        var result = Run($"Save-OAIFile {id} -Destination ./out/ -WhatIf").ThrowIfFailed();

        Assert.Contains($"Save File '{id}' (10 B)", result.HostText, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Local("out")));
        Assert.Equal(0, Requests("GET", "/content"));
    }

    [Fact]
    public void Ctrl_C_during_a_download_ends_it_within_a_second_and_leaves_nothing()
    {
        var id = Server.State.AddFile(Content(1000), "batch", "a.jsonl");
        Server.Faults.Enqueue(Fault.HoldAnswer("/content", TimeSpan.FromSeconds(30), "GET"));

        // The emulator logs a request once answered, so the stop comes at a time rather than on a sign.
        var (_, stopTook) = Session.RunAndStop($"Save-OAIFile {id} -Destination ./out/", TimeSpan.FromSeconds(2));

        // A second for the prompt, with room for a loaded 2-core machine (as SendOAIFileStopTests allows).
        Assert.True(stopTook < TimeSpan.FromSeconds(1.5), $"the stop took {stopTook}");
        Assert.Empty(LeftIn("out"));
    }

    [Fact]
    public void A_File_piped_in_twice_as_its_Upload_and_itself_is_saved_once_without_an_error()
    {
        CreateFile("r.jsonl", 200);

        var result = Run("$done = Send-OAIFile ./r.jsonl -Purpose batch; $done, $done.File | Save-OAIFile -Destination ./out/").ThrowIfFailed();

        Assert.Single(result.Output);
        Assert.Equal(1, Requests("GET", "/content"));
    }

    [Fact]
    public void A_destination_that_cannot_be_written_is_OpenAI_SaveFailed_and_nothing_is_fetched()
    {
        var id = Server.State.AddFile(Content(10), "batch", "a.jsonl");
        File.WriteAllText(Local("taken"), "a file where the folder would be");

        var result = Run($"Save-OAIFile {id} -Destination ./taken/sub/");

        var error = result.SingleError();
        Assert.Equal("OpenAI.SaveFailed,OpenAI.PowerShell.Commands.SaveOAIFileCommand", error.FullyQualifiedErrorId);
        Assert.Equal(0, Requests("GET", "/content"));
        Assert.Equal("a file where the folder would be", File.ReadAllText(Local("taken")));
    }
}
