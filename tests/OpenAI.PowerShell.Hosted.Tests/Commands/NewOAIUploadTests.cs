using System.Management.Automation;
using OpenAI.PowerShell.Hosted.Tests.Hosting;

namespace OpenAI.PowerShell.Hosted.Tests.Commands;

public sealed class NewOAIUploadTests : HostedTest
{
    [Fact]
    public void A_file_gives_the_upload_its_name_size_and_type_and_Purpose_is_positional()
    {
        Files.CreateJsonl("train.jsonl", 1_234, fineTune: true);
        var result = Run("New-OAIUpload ./train.jsonl fine-tune").ThrowIfFailed();

        var upload = Assert.Single(result.Output);
        Assert.Equal("OpenAI.PowerShell.Model.Upload", upload.TypeNames[0]);
        Assert.Equal("train.jsonl", upload.Properties["FileName"].Value);
        Assert.Equal(1_234L, upload.Properties["Bytes"].Value);
        Assert.Equal("fine-tune", upload.Properties["Purpose"].Value);
        Assert.Equal("pending", upload.Properties["Status"].Value);
        Assert.Equal("text/jsonl", Server.State.GetUpload((string)upload.Properties["Id"].Value)!.MimeType);
    }

    [Fact]
    public void A_missing_file_fails_its_record_and_the_rest_go_on()
    {
        CreateFile("a.bin", 10);
        var result = Run("'./missing.bin', './a.bin' | New-OAIUpload -Purpose batch");

        var error = result.SingleError();
        Assert.Equal("OpenAI.FileNotFound,OpenAI.PowerShell.Commands.NewOAIUploadCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("./missing.bin", error.TargetObject);
        Assert.Single(result.Output);
    }

    [Fact]
    public void WhatIf_describes_the_upload_and_sends_nothing()
    {
        CreateFile("a.jsonl", 2_000);
        var result = Run("New-OAIUpload -Path ./a.jsonl -Purpose batch -WhatIf").ThrowIfFailed();

        Assert.Contains("What if: Performing the operation \"Create upload of 1.95 KiB (2,000 bytes, text/jsonl) for purpose 'batch'\" on target \"a.jsonl\"", result.HostText, StringComparison.Ordinal);
        Assert.Empty(Server.Requests.All);
    }

    [Fact]
    public void An_empty_file_is_refused_before_sending()
    {
        CreateFile("empty.jsonl", 0);
        var result = Run("New-OAIUpload -Path ./empty.jsonl -Purpose batch");

        Assert.StartsWith("OpenAI.EmptyFile,", result.SingleError().FullyQualifiedErrorId);
        Assert.Empty(Server.Requests.All);
    }

    [Theory]
    [InlineData("\"a`nb.jsonl\"")]
    [InlineData("\"a`0b.jsonl\"")]
    [InlineData("\"`e[31mred.jsonl\"")]
    [InlineData("'../x.jsonl'")]
    public void A_file_name_with_a_path_or_a_control_character_is_refused_and_shown_escaped(string name)
    {
        var result = Run($"New-OAIUpload -FileName {name} -Bytes 10 -Purpose batch");

        var error = result.SingleError();
        Assert.Equal("OpenAI.InvalidFileName,OpenAI.PowerShell.Commands.NewOAIUploadCommand", error.FullyQualifiedErrorId);
        var shown = error.ErrorDetails?.Message ?? error.Exception.Message;
        Assert.DoesNotContain(shown, char.IsControl);
        Assert.Empty(Server.Requests.All);
    }

    [Fact]
    public void A_file_on_disk_named_with_an_escape_sequence_is_not_echoed_raw()
    {
        CreateFile("\u001b[31mred.jsonl", 200);
        var result = Run("Get-ChildItem -Filter *red.jsonl | New-OAIUpload -Purpose batch; $Error[0] | Out-String");

        var error = result.SingleError();
        Assert.Equal("OpenAI.InvalidFileName,OpenAI.PowerShell.Commands.NewOAIUploadCommand", error.FullyQualifiedErrorId);
        var shown = result.Output.Single().ToString();
        Assert.Contains("`u{1b}[31mred.jsonl", shown, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', shown);
        Assert.Empty(Server.Requests.All);
    }

    [Fact]
    public void A_symbolic_link_declares_its_targets_size()
    {
        CreateFile("f1m.bin", 1_000_000);
        File.CreateSymbolicLink(Files.Combine("link.bin"), "f1m.bin");

        var result = Run("New-OAIUpload ./link.bin -Purpose batch").ThrowIfFailed();

        Assert.Equal(1_000_000L, Assert.Single(result.Output).Properties["Bytes"].Value);
        Assert.Equal("link.bin", result.Output[0].Properties["FileName"].Value);
    }

    [Fact]
    public void WhatIf_in_another_culture_gives_every_number_of_the_message_in_one_culture()
    {
        var result = Run("""
            $saved = [cultureinfo]::CurrentCulture
            try {
                [cultureinfo]::CurrentCulture = 'de-DE'
                New-OAIUpload -FileName a.bin -Bytes 10000000 -Purpose batch -WhatIf
            }
            finally { [cultureinfo]::CurrentCulture = $saved }
            """).ThrowIfFailed();

        // The module's messages are English: "9.54 MiB" beside "10,000,000 bytes", not "10.000.000".
        Assert.Contains("9.54 MiB (10,000,000 bytes,", result.HostText, StringComparison.Ordinal);
    }
}
