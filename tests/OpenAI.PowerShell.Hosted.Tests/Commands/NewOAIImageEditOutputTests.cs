using System.Management.Automation;
using OpenAI.Emulator;
using OpenAI.PowerShell.Hosted.Tests.Hosting;
using OpenAI.PowerShell.TestSupport;

namespace OpenAI.PowerShell.Hosted.Tests.Commands;

/// <summary>
/// What an edit leaves when nothing is saved (GetBytes and Save), what a failed download leaves, and
/// how a -Quality or -Background the model does not take is refused now that there is no ValidateSet.
/// </summary>
public sealed class NewOAIImageEditOutputTests : ImageEditTest
{
    [Fact]
    public void An_unsaved_b64_image_returns_its_bytes_and_Save_writes_them_refusing_to_overwrite()
    {
        Png("photo.png");
        var saved = Path.Combine(Files.Root, "sub", "kept.png");
        Directory.CreateDirectory(Path.GetDirectoryName(saved)!);

        var result = Run("""
            $image = New-OAIImageEdit ./photo.png -Prompt 'add a red beret'
            $image.GetBytes().Length -eq $image.ByteLength
            ($image | ConvertTo-Json -Depth 3) -match '"Data"|"Bytes"'
            Set-Location ./sub
            $image.Save('./kept.png').FullName
            $image.Path
            try { $image.Save('./kept.png') } catch { $_.Exception.GetBaseException().ErrorId; $_.Exception.Message }
            $image.Save('./kept.png', $true).Length -eq $image.ByteLength
            """).ThrowIfFailed();

        Assert.Equal(true, result.Output[0].BaseObject);
        Assert.Equal(false, result.Output[1].BaseObject); // the image's bytes are not written as JSON
        Assert.Equal(saved, result.Output[2].BaseObject);
        Assert.Equal(saved, result.Output[3].BaseObject);
        Assert.Equal("OpenAI.OutputExists", result.Output[4].BaseObject);
        Assert.Contains("already exists", (string)result.Output[5].BaseObject, StringComparison.Ordinal);
        Assert.Equal(true, result.Output[^1].BaseObject);
        Assert.True(TestImages.IsPng(saved));
    }

    [Fact]
    public void Save_into_a_folder_that_does_not_exist_is_SaveFailed_naming_the_file()
    {
        Png("photo.png");

        var result = Run("""
            $image = New-OAIImageEdit ./photo.png -Prompt 'add a red beret'
            try { $image.Save('./missing/kept.png') } catch { $_.Exception.GetBaseException().ErrorId; $_.Exception.GetBaseException().Target; $_.Exception.Message }
            """).ThrowIfFailed();

        Assert.Equal("OpenAI.SaveFailed", result.Output[0].BaseObject);
        Assert.Equal(Path.Combine(Files.Root, "missing", "kept.png"), result.Output[1].BaseObject);
        // One wrapper, not two: the message is the module's after PowerShell's 'Exception calling "Save"'.
        Assert.StartsWith("Exception calling \"Save\" with \"1\" argument(s): \"Image 0 could not be saved", (string)result.Output[2].BaseObject, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Files.Root, "missing")));
    }

    [Fact]
    public void A_Save_that_fails_while_writing_leaves_no_temp_file_and_the_target_as_it_was()
    {
        Png("photo.png");
        Directory.CreateDirectory(Path.Combine(Files.Root, "taken", "inside"));

        var result = Run("""
            $image = New-OAIImageEdit ./photo.png -Prompt 'add a red beret'
            try { $image.Save('./taken', $true) } catch { $_.Exception.GetBaseException().ErrorId }
            """).ThrowIfFailed();

        Assert.Equal("OpenAI.SaveFailed", result.Output[0].BaseObject);
        Assert.True(Directory.Exists(Path.Combine(Files.Root, "taken", "inside")));
        Assert.Empty(Directory.GetFiles(Files.Root, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_url_image_has_no_bytes_and_Save_says_how_to_download_it()
    {
        Png("photo.png");
        Server.Today = EmulatorDays.DallE2Served; // only dall-e-2 answers with urls

        var result = Run("""
            $image = New-OAIImageEdit ./photo.png -Prompt 'add a red beret' -Model dall-e-2
            $null -eq $image.GetBytes()
            try { $image.Save('./x.png') } catch { $_.Exception.GetBaseException().Message }
            """).ThrowIfFailed();

        Assert.Equal(true, result.Output[0].BaseObject);
        Assert.Contains("-OutFile", (string)result.Output[1].BaseObject, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Files.Root, "x.png")));
    }

    [Fact]
    public void A_failed_download_removes_the_folders_the_cmdlet_created_and_keeps_existing_ones()
    {
        Png("photo.png");
        Server.Today = EmulatorDays.DallE2Served; // only dall-e-2 answers with urls
        Directory.CreateDirectory(Path.Combine(Files.Root, "existing"));
        Server.Faults.Enqueue(Fault.Http(500, "/emulator/images/"));
        Server.Faults.Enqueue(Fault.Http(500, "/emulator/images/"));

        var created = Run("New-OAIImageEdit ./photo.png -Prompt 'add a red beret' -Model dall-e-2 -OutDirectory ./new/deeper");
        var existing = Run("New-OAIImageEdit ./photo.png -Prompt 'add a red beret' -Model dall-e-2 -OutDirectory ./existing/deeper");

        Assert.Equal(Qualified("OpenAI.DownloadFailed"), created.SingleError().FullyQualifiedErrorId);
        Assert.Equal(Qualified("OpenAI.DownloadFailed"), existing.SingleError().FullyQualifiedErrorId);
        Assert.False(Directory.Exists(Path.Combine(Files.Root, "new")), "the folder the cmdlet created is left behind");
        Assert.True(Directory.Exists(Path.Combine(Files.Root, "existing")));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(Files.Root, "existing")));
    }

    [Theory]
    [InlineData("-Quality hihg", "OpenAI.InvalidParameterValue", "low, medium, high, auto")]
    [InlineData("-Quality standard", "OpenAI.InvalidParameterValue", "low, medium, high, auto")]
    [InlineData("-Model dall-e-2 -Quality high", "OpenAI.UnsupportedParameter", "GPT image models only")]
    [InlineData("-Background see-through", "OpenAI.InvalidParameterValue", "transparent, opaque, auto")]
    [InlineData("-Model dall-e-2 -Background transparent", "OpenAI.UnsupportedParameter", "GPT image models only")]
    public void A_value_the_model_does_not_take_is_refused_before_sending(string parameters, string errorId, string message)
    {
        Png("photo.png");

        var result = Run($"New-OAIImageEdit ./photo.png -Prompt 'add a red beret' {parameters} -WhatIf");

        var error = result.SingleError();
        Assert.Equal(Qualified(errorId), error.FullyQualifiedErrorId);
        Assert.Contains(message, error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, EditRequests);
    }

    [Fact]
    public void A_model_this_module_does_not_know_passes_its_quality_to_the_server()
    {
        Png("photo.png");

        var result = Run("New-OAIImageEdit ./photo.png -Prompt 'add a red beret' -Model my-own-model -Quality ultra -OutDirectory ./out");

        var sent = Assert.Single(Server.Requests.All, r => r.Path.Contains("/images/edits", StringComparison.Ordinal));
        Assert.Equal("ultra", Assert.Single(sent.FormParts, p => p.Name == "quality").Value);
        Assert.Equal("my-own-model", Assert.Single(sent.FormParts, p => p.Name == "model").Value);
        // The server, not the module, judges a model it knows nothing about.
        Assert.Equal(400, sent.Status);
        Assert.Equal(Qualified("OpenAI.InvalidRequest"), result.SingleError().FullyQualifiedErrorId);
    }
}
