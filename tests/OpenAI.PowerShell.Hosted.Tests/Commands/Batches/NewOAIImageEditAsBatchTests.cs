using System.Text;
using System.Text.Json;
using OpenAI.PowerShell.TestSupport;

namespace OpenAI.PowerShell.Hosted.Tests.Commands.Batches;

/// <summary>New-OAIImageEdit -AsBatch: records become batch lines, images go once, results come back as images.</summary>
public sealed class NewOAIImageEditAsBatchTests : BatchTest
{
    private const string Edits = "/v1/images/edits";

    private void WritePng(string name, int side = 64) =>
        File.WriteAllBytes(Path.Combine(Files.Root, name), TestImages.Png(side, side));

    /// <summary>The lines of a batch's input file, as the server holds it.</summary>
    private List<JsonElement> InputLines(string batchId)
    {
        var fileId = Server.Batches.Get(batchId)!.InputFileId;
        return Encoding.UTF8.GetString(Server.State.ReadFileContent(fileId))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .ToList();
    }

    private IReadOnlyList<OpenAI.Emulator.StoredFile> Images() => Server.State.ListFiles("vision");

    [Fact]
    public void Piped_photos_become_one_batch_whose_images_come_back_saved_under_their_names()
    {
        WritePng("shoe.png");
        WritePng("bag.png");

        var result = Run("""
            Get-ChildItem ./*.png | New-OAIImageEdit -Prompt 'Put the product on a white background' -AsBatch |
                Wait-OAIBatch -PollInterval 1 | Receive-OAIBatch -OutDirectory ./edited
            """).ThrowIfFailed();

        Assert.Equal(new[] { "bag", "shoe" }, result.Output.Select(o => (string)o.Properties["CustomId"].Value).Order());
        Assert.Equal(new[] { "bag.png", "shoe.png" }, result.Output.Select(o => (string)o.Properties["Source"].Value).Order());
        Assert.Equal(new[] { "bag-0.png", "shoe-0.png" }, Directory.GetFiles(Path.Combine(Files.Root, "edited")).Select(Path.GetFileName).Order());
        Assert.All(result.Output, o => Assert.True(TestImages.IsPng((string)o.Properties["Path"].Value)));
        // Saved, so not held: thousands waiting in the pipeline hold no images.
        Assert.All(result.Output, o => Assert.Null(o.Methods["GetBytes"].Invoke()));
        var batch = Assert.Single(Server.Batches.List());
        Assert.Equal(Edits, batch.Endpoint);
        Assert.Equal(2, Images().Count);
    }

    [Fact]
    public void Csv_rows_make_one_line_each_and_an_image_used_by_many_lines_is_sent_once()
    {
        WritePng("a.png");
        WritePng("b.png");
        File.WriteAllText(Path.Combine(Files.Root, "edits.csv"), """
            Path,Prompt,Size,CustomId
            ./a.png,make it red,,
            ./a.png,make it blue,1024x1536,
            ./b.png,make it green,,
            ./a.png,make it gold,,gold
            """);

        var batch = Run("Import-Csv ./edits.csv | New-OAIImageEdit -AsBatch").ThrowIfFailed();

        var lines = InputLines(batch.Value<string>(0, "Id"));
        Assert.Equal(new[] { "a", "a-2", "b", "gold" }, lines.Select(l => l.GetProperty("custom_id").GetString()));
        Assert.Equal(new[] { "make it red", "make it blue", "make it green", "make it gold" }, lines.Select(l => l.GetProperty("body").GetProperty("prompt").GetString()));
        Assert.Equal("1024x1536", lines[1].GetProperty("body").GetProperty("size").GetString());
        Assert.False(lines[0].GetProperty("body").TryGetProperty("size", out _), "an empty cell sends no size");
        Assert.All(lines, l => Assert.Equal(Edits, l.GetProperty("url").GetString()));
        // Two images, each sent once, however many lines use them.
        Assert.Equal(2, Server.State.Uploads.Count(u => u.Purpose == "vision"));
        var ids = lines.Select(l => l.GetProperty("body").GetProperty("images")[0].GetProperty("file_id").GetString()).ToList();
        Assert.Equal(ids[0], ids[1]);
        Assert.Equal(ids[0], ids[3]);
        Assert.NotEqual(ids[0], ids[2]);
        Assert.Equal(new[] { "a.png", "b.png" }, Images().Select(f => f.FileName).Order());
    }

    [Fact]
    public void Empty_csv_cells_leave_their_parameters_out_and_filled_ones_are_sent()
    {
        WritePng("a.png");
        File.WriteAllText(Path.Combine(Files.Root, "edits.csv"), """
            Path,Prompt,Model,N,Size,Quality,Background,OutputFormat,OutputCompression,InputFidelity,Mask,CustomId
            ./a.png,plain,,,,,,,,,,
            ./a.png,all set,gpt-image-2,2,1024x1024,high,opaque,webp,80,high,,full
            """);

        var batch = Run("Import-Csv ./edits.csv | New-OAIImageEdit -AsBatch").ThrowIfFailed();

        var lines = InputLines(batch.Value<string>(0, "Id"));
        var plain = lines[0].GetProperty("body");
        Assert.Equal(new[] { "images", "model", "prompt" }, plain.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var full = lines[1].GetProperty("body");
        Assert.Equal("full", lines[1].GetProperty("custom_id").GetString());
        Assert.Equal(2, full.GetProperty("n").GetInt32());
        Assert.Equal(80, full.GetProperty("output_compression").GetInt32());
        Assert.Equal("webp", full.GetProperty("output_format").GetString());
        Assert.Equal("high", full.GetProperty("input_fidelity").GetString());
    }

    [Fact]
    public void A_piped_file_gives_neither_its_owner_as_user_nor_its_length_as_size()
    {
        WritePng("photo.png");

        var batch = Run("Get-Item ./photo.png | New-OAIImageEdit -Prompt p -AsBatch").ThrowIfFailed();

        var body = Assert.Single(InputLines(batch.Value<string>(0, "Id"))).GetProperty("body");
        Assert.False(body.TryGetProperty("user", out _));
        Assert.False(body.TryGetProperty("size", out _));
        Assert.Equal("gpt-image-2", body.GetProperty("model").GetString());
    }

    [Fact]
    public void A_number_typed_as_Size_is_refused_rather_than_taken_for_a_files_length()
    {
        WritePng("photo.png");

        var result = Run("New-OAIImageEdit ./photo.png -Prompt p -Size 1024 -WhatIf");

        Assert.Equal("OpenAI.InvalidSize,OpenAI.PowerShell.Commands.NewOAIImageEditCommand", Assert.Single(result.ErrorIds));
        Assert.Empty(Server.Requests.All);
    }

    [Fact]
    public void Lines_that_fail_a_check_are_errors_for_their_records_and_the_others_make_the_batch()
    {
        WritePng("good.png");
        File.WriteAllText(Path.Combine(Files.Root, "notes.png"), "not an image");
        File.WriteAllText(Path.Combine(Files.Root, "edits.csv"), """
            Path,Prompt,Model
            ./good.png,fine,
            ./notes.png,not an image,
            ./good.png,old model,dall-e-2
            ./good.png,also fine,
            """);

        var result = Run("Import-Csv ./edits.csv | New-OAIImageEdit -AsBatch");

        Assert.Equal(new[] { "OpenAI.UnsupportedImageType", "OpenAI.JsonModeNotSupported" }, result.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.Equal(new[] { "good", "good-2" }, InputLines(result.Value<string>(0, "Id")).Select(l => l.GetProperty("custom_id").GetString()));
        Assert.Single(Images());
    }

    [Fact]
    public void Mixed_input_lines_failing_a_check_or_the_server_are_errors_naming_them_and_the_rest_come_back()
    {
        WritePng("good.png");
        File.WriteAllText(Path.Combine(Files.Root, "notes.png"), "not an image");

        var result = Run("""
            @(
                [pscustomobject]@{ Path = './good.png'; Prompt = 'fine' }
                [pscustomobject]@{ Path = './notes.png'; Prompt = 'not an image' }
                [pscustomobject]@{ FileId = 'file-gone'; Prompt = 'its image was deleted'; CustomId = 'gone' }
                [pscustomobject]@{ Path = './good.png'; Prompt = 'again'; Size = '7x7' }
            ) | New-OAIImageEdit -AsBatch | Wait-OAIBatch -PollInterval 1 | Receive-OAIBatch -OutDirectory ./edited
            """);

        // Two records fail the checks before anything is sent; the server fails one line of the batch.
        Assert.Equal(new[] { "OpenAI.UnsupportedImageType", "OpenAI.InvalidSize", "OpenAI.BatchRequestFailed" },
            result.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
        var failed = result.Errors[2];
        Assert.Equal("gone", failed.TargetObject);
        Assert.Contains("'gone' (file-gone)", failed.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("no such file", failed.Exception.Message, StringComparison.Ordinal);
        Assert.Equal("good", Assert.Single(result.Output).Properties["CustomId"].Value);
        Assert.Equal(new[] { "good-0.png" }, Directory.GetFiles(Path.Combine(Files.Root, "edited")).Select(Path.GetFileName));
    }

    [Fact]
    public void Ctrl_C_while_records_come_sends_nothing_and_leaves_no_draft()
    {
        WritePng("a.png");
        var drafts = Directory.GetFiles(Path.GetTempPath(), "oai-image-batch-*").Length;

        var (result, _) = Session.RunAndStop(
            "1..200 | ForEach-Object { Start-Sleep -Milliseconds 20; [pscustomobject]@{ Path = './a.png'; Prompt = \"p$_\" } } | New-OAIImageEdit -AsBatch",
            TimeSpan.FromSeconds(1));

        Assert.Empty(result.Output);
        Assert.Empty(Server.Requests.All);
        Assert.Equal(drafts, Directory.GetFiles(Path.GetTempPath(), "oai-image-batch-*").Length);
    }

    [Fact]
    public void CustomId_script_block_runs_per_record_and_a_repeated_id_fails_only_its_record()
    {
        WritePng("one.png");
        WritePng("two.png");

        var result = Run("""
            Get-ChildItem ./*.png, ./one.png | New-OAIImageEdit -Prompt p -AsBatch -CustomId { 'sku-' + $_.BaseName }
            """);

        Assert.Equal(new[] { "sku-one", "sku-two" }, InputLines(result.Value<string>(0, "Id")).Select(l => l.GetProperty("custom_id").GetString()));
        var error = result.SingleError();
        Assert.Equal("OpenAI.DuplicateCustomId,OpenAI.PowerShell.Commands.NewOAIImageEditCommand", error.FullyQualifiedErrorId);
    }

    [Fact]
    public void WhatIf_counts_lines_images_and_batches_and_sends_nothing()
    {
        WritePng("a.png");
        WritePng("b.png");

        var result = Run("Get-ChildItem ./*.png, ./a.png | New-OAIImageEdit -Prompt p -AsBatch -WhatIf").ThrowIfFailed();

        Assert.Contains("Upload 2 image file(s) as Files (purpose vision), then start 1 batch of 3 edit line(s) for /v1/images/edits", result.HostText, StringComparison.Ordinal);
        Assert.Empty(result.Output);
        Assert.Empty(Server.Requests.All);
    }

    [Fact]
    public void WhatIf_counts_two_batches_past_50000_lines()
    {
        var result = Run("""
            1..50001 | ForEach-Object { [pscustomobject]@{ FileId = 'file-abc'; Prompt = "p$_" } } | New-OAIImageEdit -AsBatch -WhatIf
            """).ThrowIfFailed();

        Assert.Contains("Upload 0 image file(s) as Files (purpose vision), then start 2 batches of 50001 edit line(s)", result.HostText, StringComparison.Ordinal);
        Assert.Empty(Server.Requests.All);
    }

    [Theory]
    [InlineData("-OutDirectory ./out", "OutDirectory")]
    [InlineData("-Stream", "Stream")]
    public void Parameters_that_save_or_stream_now_are_refused_with_AsBatch(string parameter, string target)
    {
        WritePng("a.png");

        var result = Run($"New-OAIImageEdit ./a.png -Prompt p -AsBatch {parameter}");

        Assert.Equal("OpenAI.NotWithAsBatch,OpenAI.PowerShell.Commands.NewOAIImageEditCommand", Assert.Single(result.ErrorIds));
        Assert.Equal(target, result.AllErrors.Single().TargetObject);
        Assert.Empty(Server.Requests.All);
    }

    [Fact]
    public void CustomId_without_AsBatch_is_refused_and_synchronous_saving_still_works()
    {
        WritePng("a.png");

        var refused = Run("New-OAIImageEdit ./a.png -Prompt p -CustomId mine");
        var saved = Run("New-OAIImageEdit ./a.png -Prompt p -OutDirectory ./out").ThrowIfFailed();

        Assert.Equal("OpenAI.NotWithAsBatch,OpenAI.PowerShell.Commands.NewOAIImageEditCommand", Assert.Single(refused.ErrorIds));
        Assert.True(TestImages.IsPng(saved.Value<string>(0, "Path")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Ctrl_C_while_images_are_sent_starts_no_batch_and_removes_the_images_sent_unless_kept(bool keep)
    {
        WritePng("a.png");
        WritePng("b.png");
        WritePng("c.png");
        // One image's part is held: the others are sent by the time Ctrl+C comes.
        Server.Faults.Enqueue(OpenAI.Emulator.Fault.HoldAnswer("/parts", TimeSpan.FromSeconds(30), "POST"));

        var (result, _) = Session.RunAndStop(
            "Get-ChildItem ./*.png | New-OAIImageEdit -Prompt p -AsBatch" + (keep ? " -KeepOnFailure" : ""),
            TimeSpan.FromSeconds(20),
            () => Server.State.ListFiles("vision").Count == 2);

        Assert.Empty(Server.Batches.List());
        Assert.DoesNotContain(Server.State.Uploads, u => u.Status == "pending");
        var said = string.Join("\n", result.Warnings.Append(result.HostText));
        if (keep)
        {
            Assert.Equal(2, Images().Count);
            Assert.Contains("are kept (-KeepOnFailure)", said, StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(Images());
            Assert.Contains("No batch was started. The 2 image File(s) sent were removed.", said, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Receive_Remove_deletes_the_images_the_run_sent_and_keeps_the_Files_the_user_gave()
    {
        WritePng("a.png");
        var own = Server.State.AddFile(TestImages.Png(64, 64), "vision", "mine.png");

        var result = Run($"""
            @(
                New-OAIImageEdit ./a.png -Prompt p -AsBatch
                New-OAIImageEdit -FileId {own} -Prompt q -AsBatch
            ) | Wait-OAIBatch -PollInterval 1 | Receive-OAIBatch -OutDirectory ./edited -Remove
            """).ThrowIfFailed();

        Assert.Equal(new[] { "a.png", "mine.png" }, result.Output.Select(o => (string)o.Properties["Source"].Value).Order());
        Assert.Equal(new[] { own }, Images().Select(f => f.Id));
        Assert.Empty(Server.State.ListFiles("batch"));
    }

    [Fact]
    public void Remove_keeps_the_images_a_split_run_shares_until_the_last_batch_of_the_group_is_received()
    {
        var shared = Server.State.AddFile(TestImages.Png(64, 64), "vision", "shared.png");
        foreach (var name in new[] { "a", "b" })
        {
            File.WriteAllText(Path.Combine(Files.Root, name + ".jsonl"),
                $$$"""{"custom_id":"{{{name}}}1","method":"POST","url":"/v1/images/edits","body":{"model":"gpt-image-2","prompt":"p","images":[{"file_id":"{{{shared}}}"}]}}""" + "\n");
        }
        const string Split = "batch_group = 'g1'; image_inputs = 'uploaded'";
        var first = Run($"Start-OAIBatch -Path ./a.jsonl -Metadata @{{ {Split}; batch_part = '1/2' }} | ForEach-Object Id").ThrowIfFailed().LastText;
        WaitOnServer(first);
        Server.Batches.Pause();
        var second = Run($"Start-OAIBatch -Path ./b.jsonl -Metadata @{{ {Split}; batch_part = '2/2' }} | ForEach-Object Id").ThrowIfFailed().LastText;
        var firstInput = Server.Batches.Get(first)!.InputFileId;

        var early = Run($"Receive-OAIBatch {first} -OutDirectory ./edited -Remove").ThrowIfFailed();

        Assert.Contains(early.Warnings, w => w.Contains($"{second} is not finished", StringComparison.Ordinal));
        Assert.True(Server.State.FileExists(shared), "the image the running batch uses was deleted");
        Assert.True(Server.State.FileExists(firstInput), "the input file that names the images was deleted");

        Server.Batches.Resume();
        WaitOnServer(second);
        var last = Run($"Receive-OAIBatch {second} -OutDirectory ./edited -Remove").ThrowIfFailed();

        Assert.Empty(last.Warnings);
        Assert.False(Server.State.FileExists(shared));
        Assert.False(Server.State.FileExists(firstInput));
        Assert.Empty(Server.State.ListFiles("batch"));
        Assert.Equal(new[] { "a1-0.png", "b1-0.png" }, Directory.GetFiles(Path.Combine(Files.Root, "edited")).Select(Path.GetFileName).Order());
    }
}
