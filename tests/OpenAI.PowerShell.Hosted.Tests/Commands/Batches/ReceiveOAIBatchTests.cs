namespace OpenAI.PowerShell.Hosted.Tests.Commands.Batches;

public sealed class ReceiveOAIBatchTests : BatchTest
{
    [Fact]
    public void The_README_pipeline_sends_starts_waits_and_receives_one_result_per_request()
    {
        WriteRequests("requests.jsonl", 4);

        var result = Run("Send-OAIFile ./requests.jsonl -Purpose batch | Start-OAIBatch | Wait-OAIBatch -PollInterval 1 | Receive-OAIBatch -Destination ./results").ThrowIfFailed();

        Assert.Equal(new[] { "r1", "r2", "r3", "r4" }, result.Output.Select(o => (string)o.Properties["CustomId"].Value));
        Assert.All(result.Output, o => Assert.True((bool)o.Properties["Succeeded"].Value));
        Assert.All(result.Output, o => Assert.Equal(200, (int)o.Properties["StatusCode"].Value));
        var body = (System.Management.Automation.PSObject)result.Output[2].Properties["Body"].Value;
        Assert.Contains("hello 3", Run("param($b) $b | ConvertTo-Json -Depth 10 -Compress", body).Output.Single().ToString(), StringComparison.Ordinal);
        var kept = Assert.Single(Directory.GetFiles(Path.Combine(Files.Root, "results")));
        Assert.Equal(4, File.ReadAllLines(kept).Length);
    }

    [Fact]
    public void Failed_lines_come_from_the_error_file_with_their_status_and_error()
    {
        Server.Batches.FailEveryNthLine = 2;
        var id = StartOnServer(4);
        WaitOnServer(id);

        var result = Run($"Receive-OAIBatch {id}").ThrowIfFailed();

        Assert.Equal(new[] { "r1", "r3", "r2", "r4" }, result.Output.Select(o => (string)o.Properties["CustomId"].Value));
        var failed = result.Output.Where(o => !(bool)o.Properties["Succeeded"].Value).ToList();
        Assert.Equal(2, failed.Count);
        Assert.All(failed, o => Assert.Equal(500, (int)o.Properties["StatusCode"].Value));
        Assert.All(failed, o => Assert.NotNull(o.Properties["Error"].Value));
    }

    [Fact]
    public void A_batch_where_every_line_failed_has_no_output_file_and_still_gives_every_result()
    {
        Server.Batches.FailEveryNthLine = 1;
        var id = StartOnServer(3);
        WaitOnServer(id);
        Assert.Null(Server.Batches.Get(id)!.OutputFileId);

        var result = Run($"Receive-OAIBatch {id}").ThrowIfFailed();

        Assert.Equal(3, result.Output.Count);
        Assert.All(result.Output, o => Assert.False((bool)o.Properties["Succeeded"].Value));
    }

    [Fact]
    public async Task An_expired_batch_gives_its_partial_results_and_a_warning()
    {
        var id = await StartPartlyDoneAsync(requests: 4, done: 2);
        Server.Batches.Expire(id);
        Server.Batches.Resume();
        await Server.Batches.WaitForTerminalAsync(id, TimeSpan.FromSeconds(30));

        var result = Run($"Receive-OAIBatch {id}").ThrowIfFailed();

        Assert.Contains(result.Warnings, w => w.Contains($"Batch '{id}' was expired", StringComparison.Ordinal));
        Assert.Equal(2, result.Output.Count(o => (bool)o.Properties["Succeeded"].Value));
        Assert.All(result.Output.Where(o => !(bool)o.Properties["Succeeded"].Value),
            o => Assert.Equal("batch_expired", System.Management.Automation.PSObject.AsPSObject(o.Properties["Error"].Value).Properties["Code"].Value));
    }

    [Fact]
    public void A_batch_that_failed_validation_is_OpenAI_BatchFailed_with_its_reasons()
    {
        var fileId = Server.State.AddFile(System.Text.Encoding.UTF8.GetBytes(Line(1) + "\nnot json\n"), "batch", "bad.jsonl");
        var id = Run($"Start-OAIBatch {fileId} -Endpoint {Chat} | ForEach-Object Id").ThrowIfFailed().Output.Single().ToString();
        WaitOnServer(id);

        var result = Run($"Receive-OAIBatch {id}");

        var error = result.SingleError();
        Assert.Equal("OpenAI.BatchFailed,OpenAI.PowerShell.Commands.ReceiveOAIBatchCommand", error.FullyQualifiedErrorId);
        Assert.Contains("line 2", error.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_batch_still_running_is_OpenAI_BatchNotFinished_and_says_to_wait()
    {
        Server.Batches.Pause();
        var id = StartOnServer(2);

        var result = Run($"Receive-OAIBatch {id}");

        var error = result.SingleError();
        Assert.Equal("OpenAI.BatchNotFinished,OpenAI.PowerShell.Commands.ReceiveOAIBatchCommand", error.FullyQualifiedErrorId);
        Assert.Contains($"Wait-OAIBatch {id} | Receive-OAIBatch", error.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Remove_deletes_the_input_output_and_error_Files_once_every_result_was_read()
    {
        Server.Batches.FailEveryNthLine = 2;
        var id = StartOnServer(2);
        WaitOnServer(id);

        var result = Run($"Receive-OAIBatch {id} -Remove").ThrowIfFailed();

        Assert.Equal(2, result.Output.Count);
        Assert.Empty(Server.State.ListFiles());
    }

    [Fact]
    public void A_cut_off_output_is_read_again_from_where_it_broke_with_no_result_twice()
    {
        var id = StartOnServer(200);
        WaitOnServer(id);
        Server.Faults.Enqueue(OpenAI.Emulator.Fault.AbortResponse("/content", 5_000, "GET"));

        var result = Run($"Receive-OAIBatch {id}").ThrowIfFailed();

        Assert.Equal(Enumerable.Range(1, 200).Select(i => $"r{i}"), result.Output.Select(o => (string)o.Properties["CustomId"].Value));
        Assert.Equal(2, Requests("GET", "/content"));
    }

    [Fact]
    public void Image_edits_run_as_a_batch_come_back_as_decoded_images_that_can_be_saved()
    {
        var png = Convert.ToBase64String(OpenAI.PowerShell.TestSupport.TestImages.Png(64, 64));

        var result = Run($$"""
            $image = 'data:image/png;base64,{{png}}'
            1..2 | ForEach-Object { @{ custom_id = "edit-$_"; url = '/v1/images/edits'; body = @{ model = 'gpt-image-2'; prompt = "make it blue $_"; images = @(@{ image_url = $image }) } } } |
                Start-OAIBatch | Wait-OAIBatch -PollInterval 1 | Receive-OAIBatch | ForEach-Object { $_.Images[0].Save("$PWD/$($_.CustomId).png") }
            """).ThrowIfFailed();

        Assert.Equal(new[] { "edit-1.png", "edit-2.png" }, Directory.GetFiles(Files.Root, "edit-*.png").Select(Path.GetFileName).Order());
        Assert.True(OpenAI.PowerShell.TestSupport.TestImages.IsPng(Path.Combine(Files.Root, "edit-1.png")));
    }

    [Fact]
    public void Ctrl_C_while_results_are_read_ends_the_command_within_a_second()
    {
        var id = StartOnServer(2);
        WaitOnServer(id);
        Server.Faults.Enqueue(OpenAI.Emulator.Fault.HoldAnswer("/content", TimeSpan.FromSeconds(30), "GET"));

        var (_, stopTook) = Session.RunAndStop($"Receive-OAIBatch {id} -Destination ./results", TimeSpan.FromSeconds(2));

        // A second for the prompt, with room for a loaded 2-core machine (as SendOAIFileStopTests allows).
        Assert.True(stopTook < TimeSpan.FromSeconds(1.5), $"the stop took {stopTook}");
        Assert.Empty(Directory.Exists(Path.Combine(Files.Root, "results")) ? Directory.GetFiles(Path.Combine(Files.Root, "results")) : Array.Empty<string>());
    }

    [Fact]
    public void Select_Object_First_stops_the_reading_and_Remove_then_deletes_nothing()
    {
        var id = StartOnServer(600);
        WaitOnServer(id);

        var result = Run($"Receive-OAIBatch {id} -Remove | Select-Object -First 3 | ForEach-Object CustomId").ThrowIfFailed();

        Assert.Equal(new[] { "r1", "r2", "r3" }, result.Output.Select(o => o.ToString()));
        Assert.Equal(0, Requests("DELETE", "/v1/files/"));
        Assert.Equal(2, Server.State.ListFiles().Count);
    }

    [Fact]
    public void OutDirectory_saves_each_image_under_its_custom_id_and_a_failed_line_is_an_error_naming_it()
    {
        var png = Convert.ToBase64String(OpenAI.PowerShell.TestSupport.TestImages.Png(64, 64));
        Server.Batches.FailEveryNthLine = 3;

        var result = Run($$"""
            $image = 'data:image/png;base64,{{png}}'
            1..3 | ForEach-Object { @{ custom_id = "photo-$_"; url = '/v1/images/edits'; body = @{ model = 'gpt-image-2'; prompt = "white background $_"; images = @(@{ image_url = $image }) } } } |
                Start-OAIBatch | Wait-OAIBatch -PollInterval 1 | Receive-OAIBatch -OutDirectory ./edited
            """);

        Assert.Equal(new[] { "photo-1", "photo-2" }, result.Output.Select(o => (string)o.Properties["CustomId"].Value));
        Assert.All(result.Output, o => Assert.True(OpenAI.PowerShell.TestSupport.TestImages.IsPng((string)o.Properties["Path"].Value)));
        Assert.Equal(new[] { "photo-1-0.png", "photo-2-0.png" }, Directory.GetFiles(Path.Combine(Files.Root, "edited")).Select(Path.GetFileName).Order());
        var error = result.SingleError();
        Assert.Equal("OpenAI.BatchRequestFailed,OpenAI.PowerShell.Commands.ReceiveOAIBatchCommand", error.FullyQualifiedErrorId);
        Assert.Equal("photo-3", error.TargetObject);
    }

    [Fact]
    public void OutDirectory_never_overwrites_an_image_without_Force_and_the_other_lines_go_on()
    {
        var png = Convert.ToBase64String(OpenAI.PowerShell.TestSupport.TestImages.Png(64, 64));
        Directory.CreateDirectory(Path.Combine(Files.Root, "edited"));
        File.WriteAllText(Path.Combine(Files.Root, "edited", "a-0.png"), "mine");

        var result = Run($$"""
            $image = 'data:image/png;base64,{{png}}'
            'a', 'b' | ForEach-Object { @{ custom_id = $_; url = '/v1/images/edits'; body = @{ model = 'gpt-image-2'; prompt = 'p'; images = @(@{ image_url = $image }) } } } |
                Start-OAIBatch | Wait-OAIBatch -PollInterval 1 | Receive-OAIBatch -OutDirectory ./edited
            """);

        Assert.Equal("OpenAI.OutputExists,OpenAI.PowerShell.Commands.ReceiveOAIBatchCommand", result.SingleError().FullyQualifiedErrorId);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(Files.Root, "edited", "a-0.png")));
        Assert.Equal("b", Assert.Single(result.Output).Properties["CustomId"].Value);
    }

    [Theory]
    [InlineData("Receive-OAIBatch batch_abc -OutDirectory Env:/edited", "ReceiveOAIBatchCommand")]
    [InlineData("Receive-OAIBatch batch_abc -Destination Env:/results", "ReceiveOAIBatchCommand")]
    [InlineData("Save-OAIFile file-abc -Destination Env:/saved", "SaveOAIFileCommand")]
    public void A_folder_on_a_drive_that_holds_no_files_ends_the_command_before_any_request(string command, string cmdlet)
    {
        var result = Run(command);

        Assert.Equal($"OpenAI.FileNotFound,OpenAI.PowerShell.Commands.{cmdlet}", Assert.Single(result.ErrorIds));
        Assert.Empty(Server.Requests.All);
    }
}
