using System.Management.Automation;
using System.Text.RegularExpressions;
using OpenAI.Emulator;

namespace OpenAI.PowerShell.Hosted.Tests.Commands;

/// <summary>
/// New-OAIImageEdit fed by uploads, file ids and URLs, and how it fails: a record the server
/// refuses, a pending upload, and invocation problems that stop the pipeline before anything is sent.
/// </summary>
public sealed class NewOAIImageEditInputTests : ImageEditTest
{
    [Fact]
    public void A_completed_upload_piped_in_is_edited_by_its_file_id_in_JSON_mode()
    {
        Png("photo.png");
        var upload = Run("""
            $u = New-OAIUpload -Path ./photo.png -Purpose vision -MimeType image/png
            $u = Add-OAIUploadPart -Upload $u -Path ./photo.png | Complete-OAIUpload
            $u
            """).ThrowIfFailed();
        Assert.Equal("OpenAI.PowerShell.Model.Upload", Assert.Single(upload.OutputTypes));
        Assert.Equal("completed", upload.Value<string>(0, "Status"));
        var fileId = (string)Run("$u.File.Id").ThrowIfFailed().Output[0].BaseObject;
        Assert.StartsWith("file-", fileId, StringComparison.Ordinal);
        Server.Requests.Clear();

        Session.Host.ConfirmAnswers.Enqueue(true);
        var result = Run("$u | New-OAIImageEdit -Prompt 'add a red beret' -OutDirectory ./out -Confirm");

        Assert.Empty(result.AllErrors);
        var sent = Assert.Single(Server.Requests.All);
        Assert.Contains("/images/edits", sent.Path, StringComparison.Ordinal);
        Assert.StartsWith("application/json", sent.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Empty(sent.FormParts);
        Assert.Contains($"\"file_id\":\"{fileId}\"", Regex.Replace(sent.JsonBody!, @"\s", ""), StringComparison.Ordinal);
        // The confirmation names the file id, not a local path.
        Assert.Contains($"on target \"{fileId}\"", result.HostText, StringComparison.Ordinal);
        // Saved files are named after the uploaded file, so a batch of uploads does not collide.
        Assert.Equal(Path.Combine(OutDir, "photo-0.png"), Assert.Single(result.Output).Properties["Path"].Value);
    }

    [Fact]
    public void A_pending_upload_is_an_error_for_its_record_and_nothing_is_sent_for_it()
    {
        Png("photo.png");
        var setup = Run("""
            $pending = New-OAIUpload -Path ./photo.png -Purpose vision -MimeType image/png
            $done = Send-OAIFile -LiteralPath ./photo.png -Purpose vision
            $pending.Id
            $done.File.Id
            """).ThrowIfFailed();
        var pendingId = (string)setup.Output[0].BaseObject;
        var doneFileId = (string)setup.Output[1].BaseObject;
        Server.Requests.Clear();

        var result = Run("$pending, $done | New-OAIImageEdit -Prompt 'add a red beret'");

        AssertError(result.SingleError(), "OpenAI.UploadNotCompleted", ErrorCategory.InvalidArgument, pendingId);
        Assert.Contains(pendingId, result.Errors[0].Exception.Message, StringComparison.Ordinal);
        // Only the completed upload was edited.
        Assert.Single(result.Output);
        var sent = Assert.Single(Server.Requests.All);
        Assert.Contains($"\"file_id\":\"{doneFileId}\"", Regex.Replace(sent.JsonBody!, @"\s", ""), StringComparison.Ordinal);
        Assert.DoesNotContain(pendingId, sent.JsonBody, StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_refusal_fails_only_its_own_record()
    {
        Png("a.png");
        Png("b.png");
        Server.Faults.Enqueue(Fault.Http(400, "/images/edits", message: "The emulator refuses this one."));

        var result = Run("'./a.png', './b.png' | New-OAIImageEdit -Prompt 'add a red beret'");

        var error = result.SingleError();
        Assert.Equal(Qualified("OpenAI.InvalidRequest"), error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("The emulator refuses this one.", error.Exception.Message, StringComparison.Ordinal);
        var edited = Assert.Single(result.Output);
        Assert.Equal("OpenAI.PowerShell.Model.EditedImage", edited.TypeNames[0]);
        Assert.Equal(2, EditRequests);
        // The first request (a.png) was refused before its body was read; the second carried b.png.
        Assert.Equal(new[] { 400, 200 }, Server.Requests.All.Select(r => r.Status));
        Assert.Equal(new[] { "", "b.png" }, SentImageNames);
        // Each record's progress bar is closed, the refused one too.
        var activities = result.Progress.Select(p => p.ActivityId).Distinct().ToList();
        Assert.Equal(2, activities.Count);
        Assert.All(activities, id => Assert.Contains(result.Progress, p => p.ActivityId == id && p.RecordType == ProgressRecordType.Completed));
    }

    [Fact]
    public void PassThru_without_an_output_stops_the_pipeline_before_sending()
    {
        Png("a.png");
        Png("b.png");

        var result = Run(Catching("'./a.png', './b.png' | New-OAIImageEdit -Prompt 'add a red beret' -PassThru"));

        // One terminating error that try/catch sees, not one error per record.
        Assert.Empty(result.Errors);
        var error = Assert.Single(result.Output).BaseObject as ErrorRecord;
        Assert.NotNull(error);
        AssertError(error, "OpenAI.PassThruNeedsOutput", ErrorCategory.InvalidArgument, "PassThru");
        Assert.Empty(Server.Requests.All);
    }

    [Fact]
    public void PartialImages_without_Stream_stops_the_pipeline_before_sending()
    {
        Png("a.png");
        Png("b.png");

        var result = Run(Catching("'./a.png', './b.png' | New-OAIImageEdit -Prompt 'add a red beret' -PartialImages 2"));

        Assert.Empty(result.Errors);
        var error = Assert.Single(result.Output).BaseObject as ErrorRecord;
        Assert.NotNull(error);
        AssertError(error, "OpenAI.PartialImagesNeedStream", ErrorCategory.InvalidArgument, "PartialImages");
        Assert.Empty(Server.Requests.All);
    }

    [Fact]
    public void A_missing_key_stops_the_pipeline_instead_of_failing_each_record()
    {
        Png("a.png");
        Png("b.png");

        var result = RunWithoutKey(Catching("'./a.png', './b.png' | New-OAIImageEdit -Prompt 'add a red beret'"));

        Assert.Empty(result.Errors); // no error per record
        var error = Assert.Single(result.Output).BaseObject as ErrorRecord;
        Assert.NotNull(error);
        Assert.Equal(Qualified("OpenAI.MissingApiKey"), error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.Empty(Server.Requests.All);
    }

    [Fact]
    public void The_WhatIf_target_shortens_data_urls()
    {
        var result = Run("""
            New-OAIImageEdit -FileId file-1 -ImageUrl ('data:image/png;base64,' + 'A' * 500) -MaskFileId file-m -Prompt 'add a red beret' -WhatIf
            """);

        Assert.Empty(result.AllErrors);
        Assert.Empty(Server.Requests.All);
        var line = Assert.Single(Regex.Split(result.HostText, "\r?\n"), l => l.StartsWith("What if:", StringComparison.Ordinal));
        var match = Regex.Match(line, "^What if: Performing the operation \"(?<action>[^\"]*)\" on target \"(?<target>[^\"]*)\"\\.$");
        Assert.True(match.Success, line);
        Assert.Equal("Edit 2 images with gpt-image-2, n=1, with a mask", match.Groups["action"].Value);
        var target = match.Groups["target"].Value;
        Assert.StartsWith("file-1, data:image/png;base64,AAA", target, StringComparison.Ordinal);
        Assert.True(target.Length < 80, target);
    }

    [Fact]
    public void A_symbolic_link_to_an_image_is_sent_whole_once()
    {
        var photo = Png("photo.png");
        File.CreateSymbolicLink(Files.Combine("link.png"), "photo.png");

        var result = Run("New-OAIImageEdit ./link.png -Prompt 'add a red beret'");

        Assert.Empty(result.AllErrors);
        Assert.Single(result.Output);
        var sent = Assert.Single(Server.Requests.All);
        Assert.Equal(new FileInfo(photo).Length, Assert.Single(sent.FormParts, p => p.Name == "image").Length);
    }

    [Fact]
    public void Too_many_images_names_the_images_as_its_target()
    {
        var paths = Enumerable.Range(0, 17).Select(i => Png($"p{i}.png", 16, 16)).ToArray();

        var result = Run("New-OAIImageEdit -Image ./p*.png -Prompt p -WhatIf");

        var error = result.SingleError();
        Assert.Equal(Qualified("OpenAI.TooManyImages"), error.FullyQualifiedErrorId);
        Assert.Equal(paths.Order(), ((object[])((PSObject)PSObject.AsPSObject(error.TargetObject)).BaseObject).Cast<string>().Order());
    }

    [Fact]
    public void A_download_that_is_not_an_image_is_DownloadFailed_and_nothing_is_saved()
    {
        Png("photo.png");
        Server.Today = OpenAI.PowerShell.TestSupport.EmulatorDays.DallE2Served; // only dall-e-2 answers with urls
        // A proxy's sign-in page or an error page, answered with 200.
        Server.Faults.Enqueue(Fault.Http(200, "/emulator/images/", message: "<html>Sign in to continue</html>"));

        var result = Run("New-OAIImageEdit ./photo.png -Prompt 'add a red beret' -Model dall-e-2 -OutFile ./edited.png -WarningAction SilentlyContinue");

        var error = result.SingleError();
        Assert.Equal(Qualified("OpenAI.DownloadFailed"), error.FullyQualifiedErrorId);
        Assert.Contains("is not a PNG, JPEG or WebP image", error.Exception.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Files.Root, "edited.png")));
    }
}
