using System.Management.Automation;
using System.Text.RegularExpressions;
using OpenAI.PowerShell.Hosted.Tests.Hosting;
using OpenAI.PowerShell.TestSupport;

namespace OpenAI.PowerShell.Hosted.Tests.Commands;

/// <summary>
/// New-OAIImageEdit from local files in a real runspace: one request per pipeline record, checks
/// before any money is spent, What-if text, saved files. Inputs from uploads, server refusals and
/// invocation errors are in <see cref="NewOAIImageEditInputTests"/>.
/// </summary>
public sealed class NewOAIImageEditTests : ImageEditTest
{
    private const string EditedImage = "OpenAI.PowerShell.Model.EditedImage";

    [Fact]
    public void A_batch_with_a_bad_file_in_the_middle_edits_the_others_and_reports_that_one()
    {
        Png("a.png");
        var notAnImage = Files.Write("b.png", System.Text.Encoding.ASCII.GetBytes("this is not an image"));
        Png("c.png");

        var result = Run("'./a.png', './b.png', './c.png' | New-OAIImageEdit -Prompt 'add a red beret'");

        Assert.Equal(new[] { EditedImage, EditedImage }, result.OutputTypes);
        Assert.All(result.Output, o => Assert.True((int)o.Properties["ByteLength"].Value > 0));
        AssertError(result.SingleError(), "OpenAI.UnsupportedImageType", ErrorCategory.InvalidData, notAnImage);
        Assert.Equal(2, EditRequests);
        Assert.Equal(new[] { "a.png", "c.png" }, SentImageNames);
    }

    [Fact]
    public void WhatIf_sends_nothing_needs_no_key_and_names_model_image_count_and_n()
    {
        var one = Png("one.png");
        Png("two.png", 32, 32);
        Png("three.png", 16, 16);

        var result = RunWithoutKey("""
            New-OAIImageEdit ./one.png -Prompt 'add a red beret' -N 2 -WhatIf
            New-OAIImageEdit ./one.png, ./two.png, ./three.png -Prompt 'add a red beret' -Model gpt-image-2-2026-04-21 -WhatIf
            """);

        Assert.Empty(result.AllErrors); // no OpenAI.MissingApiKey: -WhatIf creates no client
        Assert.Empty(result.Output);
        Assert.Empty(Server.Requests.All);
        var lines = WhatIfLines(result.HostText);
        Assert.Equal(2, lines.Count);
        Assert.Equal($"What if: Performing the operation \"Edit 1 image with gpt-image-2, n=2\" on target \"{one}\".", lines[0]);
        Assert.StartsWith("What if: Performing the operation \"Edit 3 images with gpt-image-2-2026-04-21, n=1\" on target \"" + one + ", ", lines[1]);
    }

    [Fact]
    public void A_failed_check_is_reported_before_WhatIf_or_Confirm()
    {
        Png("photo.png", 64, 64);
        var mask = Png("mask.png", 32, 32);

        var whatIf = Run("New-OAIImageEdit ./photo.png -Mask ./mask.png -Prompt 'add a red beret' -WhatIf");
        Session.Host.ConfirmAnswers.Enqueue(true);
        var confirm = Run("New-OAIImageEdit ./photo.png -Mask ./mask.png -Prompt 'add a red beret' -Confirm");

        foreach (var result in new[] { whatIf, confirm })
        {
            AssertError(result.SingleError(), "OpenAI.MaskSizeMismatch", ErrorCategory.InvalidData, mask);
            Assert.DoesNotContain("What if:", result.HostText, StringComparison.Ordinal);
            Assert.DoesNotContain("Performing the operation", result.HostText, StringComparison.Ordinal);
        }
        Assert.True(Session.Host.ConfirmAnswers.TryDequeue(out _), "A confirmation prompt was answered.");
        Assert.Empty(Server.Requests.All);
    }

    [Fact]
    public void OutDirectory_downloads_each_url_result_to_stem_index_png_and_sets_Path()
    {
        Png("photo.png");
        // Only dall-e-2 answers with urls (by default), so this replays a day OpenAI still served it.
        Server.Today = EmulatorDays.DallE2Served;

        var result = Run("New-OAIImageEdit ./photo.png -Prompt 'add a red beret' -Model dall-e-2 -N 2 -OutDirectory ./out -Verbose");

        Assert.Empty(result.AllErrors);
        Assert.Equal(new[] { EditedImage, EditedImage }, result.OutputTypes);
        var expected = new[] { Path.Combine(OutDir, "photo-0.png"), Path.Combine(OutDir, "photo-1.png") };
        Assert.Equal(expected, result.Output.Select(o => (string)o.Properties["Path"].Value));
        Assert.All(result.Output, o => Assert.StartsWith(Server.BaseUri.GetLeftPart(UriPartial.Authority), (string)o.Properties["Url"].Value, StringComparison.Ordinal));
        Assert.All(expected, path => Assert.True(TestImages.IsPng(path), path));
        Assert.Equal(new[] { "photo-0.png", "photo-1.png" }, Directory.GetFiles(OutDir).Select(Path.GetFileName).Order());
        Assert.Contains(result.Verbose, v => v.Contains("photo-1.png", StringComparison.Ordinal));
    }

    [Fact]
    public void PassThru_writes_a_FileInfo_per_saved_image()
    {
        Png("photo.png");

        var result = Run("New-OAIImageEdit ./photo.png -Prompt 'add a red beret' -OutFile ./edited.png -PassThru");

        Assert.Empty(result.AllErrors);
        var file = Assert.IsType<FileInfo>(Assert.Single(result.Output).BaseObject);
        Assert.Equal(Path.Combine(Files.Root, "edited.png"), file.FullName);
        Assert.True(TestImages.IsPng(file.FullName));
    }

    [Fact]
    public void An_existing_output_is_not_overwritten_without_Force_and_nothing_is_sent()
    {
        Directory.CreateDirectory(OutDir);
        var existing = Path.Combine(OutDir, "photo-0.png");
        File.WriteAllText(existing, "keep me");
        Png("photo.png");
        const string Edit = "New-OAIImageEdit ./photo.png -Prompt 'add a red beret' -OutDirectory ./out";

        var refused = Run(Edit);

        AssertError(refused.SingleError(), "OpenAI.OutputExists", ErrorCategory.ResourceExists, existing);
        Assert.Equal("keep me", File.ReadAllText(existing));
        Assert.Equal(0, EditRequests);
        Assert.Empty(refused.Output);

        var forced = Run(Edit + " -Force");

        Assert.Empty(forced.AllErrors);
        Assert.Equal(existing, Assert.Single(forced.Output).Properties["Path"].Value);
        Assert.True(TestImages.IsPng(existing));
        Assert.Equal(1, EditRequests);
    }

    [Fact]
    public void Streamed_partials_are_progress_records_and_are_saved_as_partial_files()
    {
        Png("photo.png");

        var result = Run("New-OAIImageEdit ./photo.png -Prompt 'add a red beret' -Stream -PartialImages 2 -OutDirectory ./out");

        Assert.Empty(result.AllErrors);
        var partial0 = Path.Combine(OutDir, "photo-partial-0.png");
        var partial1 = Path.Combine(OutDir, "photo-partial-1.png");
        var progress = result.Progress;
        var partials = progress.Where(p => p.StatusDescription.StartsWith("Partial image", StringComparison.Ordinal)).ToList();
        Assert.Equal(new[] { "Partial image 1 of 2", "Partial image 2 of 2" }, partials.Select(p => p.StatusDescription));
        Assert.Equal(new[] { partial0, partial1 }, partials.Select(p => p.CurrentOperation));
        Assert.All(partials, p => Assert.InRange(p.PercentComplete, 1, 99));
        Assert.All(partials, p => Assert.Equal(ProgressRecordType.Processing, p.RecordType));
        Assert.Equal(ProgressRecordType.Completed, progress[^1].RecordType);
        Assert.Single(progress.Select(p => p.ActivityId).Distinct());
        Assert.StartsWith("Editing ", progress[0].Activity, StringComparison.Ordinal);

        var image = Assert.Single(result.Output);
        Assert.Equal(EditedImage, image.TypeNames[0]);
        var saved = (string)image.Properties["Path"].Value;
        Assert.Equal(Path.Combine(OutDir, "photo-0.png"), saved);
        Assert.True(TestImages.IsPng(partial0) && TestImages.IsPng(partial1) && TestImages.IsPng(saved));
        Assert.NotEqual(File.ReadAllBytes(partial0), File.ReadAllBytes(saved));
    }

    [Fact]
    public void Requests_from_one_pipeline_share_one_connection()
    {
        foreach (var name in new[] { "a.png", "b.png", "c.png" })
        {
            Png(name);
        }
        var before = ClientSockets();

        var result = Run("Get-ChildItem ./*.png | New-OAIImageEdit -Prompt 'add a red beret'");

        Assert.Empty(result.AllErrors);
        Assert.Equal(3, result.Output.Count);
        Assert.Equal(3, EditRequests);
        // Sockets open or closing (TIME_WAIT included): a client or connection per record would leave three.
        var opened = ClientSockets().Except(before).ToList();
        Assert.True(opened.Count == 1, "Client sockets to the emulator: " + string.Join(", ", opened));
    }

    /// <summary>This machine's client-side TCP sockets to this test's emulator, by local endpoint.</summary>
    private List<string> ClientSockets() =>
        System.Net.NetworkInformation.IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpConnections()
            .Where(c => c.RemoteEndPoint.Port == Server.BaseUri.Port)
            .Select(c => c.LocalEndPoint.ToString())
            .ToList();

    private static List<string> WhatIfLines(string hostText) =>
        Regex.Split(hostText, "\r?\n").Where(l => l.StartsWith("What if:", StringComparison.Ordinal)).ToList();
}
