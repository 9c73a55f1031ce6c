using System.Management.Automation;
using OpenAI.PowerShell.Hosted.Tests.Hosting;

namespace OpenAI.PowerShell.Hosted.Tests.Commands;

public sealed class CompleteOAIUploadTests : HostedTest
{
    private const string TwoUploads = """
        $a = New-OAIUpload -Path ./a.bin -Purpose batch
        $b = New-OAIUpload -Path ./b.bin -Purpose batch
        $pa = Add-OAIUploadPart -Upload $a -Path ./a.bin -PartSize 1000
        $pb = Add-OAIUploadPart -Upload $b -Path ./b.bin -PartSize 700
        """;

    [Fact]
    public void Parts_piped_from_Add_OAIUploadPart_complete_the_upload_once()
    {
        var path = CreateFile("big.jsonl", 10_000_000);
        var result = Run("""
            $u = New-OAIUpload -Path ./big.jsonl -Purpose batch
            Add-OAIUploadPart -Upload $u -Path ./big.jsonl -PartSize 4MB | Complete-OAIUpload
            """).ThrowIfFailed();

        var completed = Assert.Single(result.Output);
        Assert.Equal("OpenAI.PowerShell.Model.Upload", completed.TypeNames[0]);
        Assert.Equal("completed", result.Value<string>(0, "Status"));
        Assert.Equal(1, Requests("POST", "/complete"));
        Assert.Equal(3, Requests("POST", "/parts"));
        Assert.Equal(File.ReadAllBytes(path), ServerFile(result.Value<string>(0, "FileId")));
    }

    [Fact]
    public void One_pipeline_creates_adds_and_completes()
    {
        var path = CreateFile("f.jsonl", 5_000);
        var result = Run("New-OAIUpload -Path ./f.jsonl -Purpose batch | Add-OAIUploadPart -Path ./f.jsonl -PartSize 2000 | Complete-OAIUpload").ThrowIfFailed();

        Assert.Equal("completed", result.Value<string>(0, "Status"));
        Assert.Equal(File.ReadAllBytes(path), ServerFile(result.Value<string>(0, "FileId")));
    }

    [Fact]
    public void Collected_parts_of_two_uploads_in_any_order_complete_each_upload_once_in_part_order()
    {
        var a = CreateFile("a.bin", 3_000, seed: 1);
        var b = CreateFile("b.bin", 2_000, seed: 2);
        var result = Run(TwoUploads + """

            $pb[2], $pa[1], $pb[0], $pa[2], $pb[1], $pa[0] | Complete-OAIUpload -Verbose
            """).ThrowIfFailed();

        Assert.Equal(2, result.Output.Count);
        Assert.Equal(2, Requests("POST", "/complete"));
        var byName = result.Output.ToDictionary(o => (string)o.Properties["FileName"].Value, o => (string)o.Properties["FileId"].Value);
        Assert.Equal(File.ReadAllBytes(a), ServerFile(byName["a.bin"]));
        Assert.Equal(File.ReadAllBytes(b), ServerFile(byName["b.bin"]));
        Assert.Contains(result.Verbose, v => v.Contains("sending md5", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Export-Clixml ./parts.xml; Import-Clixml ./parts.xml")]
    [InlineData("Export-Csv ./parts.csv; Import-Csv ./parts.csv")]
    public void Parts_that_made_a_round_trip_through_a_file_complete_the_upload(string roundTrip)
    {
        var a = CreateFile("a.bin", 3_000);
        var export = roundTrip.Split(';')[0];
        var import = roundTrip.Split(';')[1].Trim();
        var result = Run("$a = New-OAIUpload -Path ./a.bin -Purpose batch\n"
                         + $"Add-OAIUploadPart -Upload $a -Path ./a.bin -PartSize 1000 | {export}\n"
                         + $"{import} | Sort-Object {{ Get-Random }} | Complete-OAIUpload").ThrowIfFailed();

        Assert.Equal("completed", result.Value<string>(0, "Status"));
        Assert.Equal(File.ReadAllBytes(a), ServerFile(result.Value<string>(0, "FileId")));
    }

    [Fact]
    public void A_piped_Upload_binds_Upload_so_its_byte_check_runs_before_sending()
    {
        CreateFile("a.bin", 3_000);
        var result = Run("""
            $a = New-OAIUpload -Path ./a.bin -Purpose batch
            $null = Add-OAIUploadPart -Upload $a -Path ./a.bin -PartSize 1000
            $a.Bytes = 5000   # as if it had been created for more bytes than were added
            $a | Complete-OAIUpload
            """);

        var error = result.SingleError();
        Assert.Equal("OpenAI.BytesMismatch,OpenAI.PowerShell.Commands.CompleteOAIUploadCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.StartsWith("upload_", (string)error.TargetObject);
        Assert.Equal(0, Requests("POST", "/complete"));
    }

    [Fact]
    public void UploadId_and_Upload_take_arrays()
    {
        CreateFile("a.bin", 3_000, seed: 1);
        CreateFile("b.bin", 2_000, seed: 2);
        var result = Run(TwoUploads + """

            Complete-OAIUpload -UploadId $a.Id, $b.Id
            """).ThrowIfFailed();
        Assert.Equal(new[] { "completed", "completed" }, result.Output.Select(o => o.Properties["Status"].Value));

        var upload = Run(TwoUploads + "\nComplete-OAIUpload -Upload $a, $b").ThrowIfFailed();
        Assert.Equal(2, upload.Output.Count);
    }

    [Fact]
    public void PartId_with_several_uploads_is_refused_before_sending()
    {
        CreateFile("a.bin", 3_000, seed: 1);
        CreateFile("b.bin", 2_000, seed: 2);
        var result = Run(TwoUploads + "\nComplete-OAIUpload -UploadId $a.Id, $b.Id -PartId $pa[0].Id");

        Assert.StartsWith("OpenAI.InvalidRequest,", result.SingleError().FullyQualifiedErrorId);
        Assert.Equal(0, Requests("POST", "/complete"));
    }

    [Fact]
    public void An_id_that_is_not_an_upload_id_is_refused_and_nothing_is_sent()
    {
        var result = Run("'../../files', 'upload_x/../y' | Complete-OAIUpload");

        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal("OpenAI.InvalidUploadId,OpenAI.PowerShell.Commands.CompleteOAIUploadCommand", e.FullyQualifiedErrorId));
        Assert.Equal("../../files", result.Errors[0].TargetObject);
        Assert.Empty(Server.Requests.All);
    }

    [Fact]
    public void WhatIf_names_the_upload_parts_and_md5_and_sends_nothing()
    {
        CreateFile("a.bin", 3_000);
        var result = Run("""
            $a = New-OAIUpload -Path ./a.bin -Purpose batch
            Add-OAIUploadPart -Upload $a -Path ./a.bin -PartSize 1000 | Complete-OAIUpload -WhatIf
            """).ThrowIfFailed();

        Assert.Empty(result.Output);
        Assert.Matches(@"What if: Performing the operation ""Complete upload with 3 part\(s\) \(2\.93 KiB, md5 [0-9a-f]{32}\)"" on target ""upload_", result.HostText);
        Assert.Equal(0, Requests("POST", "/complete"));
    }

    [Fact]
    public void An_Md5_that_is_not_32_hex_characters_is_InvalidMd5_and_nothing_is_sent()
    {
        var result = Run("'upload_abc', 'upload_def' | Complete-OAIUpload -PartId part_1 -Md5 'not-an-md5'");

        // One error for the invocation, not one per piped id, and not PowerShell's
        // ParameterArgumentValidationError with a raw regex.
        var error = result.SingleError();
        Assert.Equal("OpenAI.InvalidMd5,OpenAI.PowerShell.Commands.CompleteOAIUploadCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("not-an-md5", error.TargetObject);
        Assert.Contains("expected 32 hexadecimal characters", error.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Requests.All);
    }

    [Theory]
    [InlineData("en-GB")]
    [InlineData("de-DE")]
    public void An_Upload_exported_with_Export_Csv_in_en_US_completes_in_another_culture(string readerCulture)
    {
        // An expiry ahead whose day and month read the other way round are a day already past: en-US
        // writes it month first, and a day-first reader took it as expired.
        var now = DateTimeOffset.UtcNow;
        var expires = Enumerable.Range(2, 365).Select(d => now.Date.AddDays(d))
            .FirstOrDefault(d => d.Day <= 12 && d.Day != d.Month && new DateTime(d.Year, d.Day, d.Month) < now.UtcDateTime);
        Assert.True(expires != default, "No expiry date reads as a past day the other way round within a year of today.");
        Server.Clock.Set(new DateTimeOffset(expires.AddHours(11), TimeSpan.Zero));
        CreateFile("a.bin", 3_000);

        var result = Run($$"""
            $saved = [cultureinfo]::CurrentCulture
            try {
                [cultureinfo]::CurrentCulture = 'en-US'
                New-OAIUpload -Path ./a.bin -Purpose batch | Export-Csv ./uploads.csv
                $id = (Import-Csv ./uploads.csv).Id
                $null = Add-OAIUploadPart -UploadId $id -Path ./a.bin -PartSize 1000
                [cultureinfo]::CurrentCulture = '{{readerCulture}}'
                Import-Csv ./uploads.csv | Complete-OAIUpload
            }
            finally { [cultureinfo]::CurrentCulture = $saved }
            """).ThrowIfFailed();

        Assert.Equal("completed", result.Value<string>(0, "Status"));
    }

    [Fact]
    public void A_part_id_listed_twice_is_refused_and_nothing_is_sent()
    {
        var result = Run("Complete-OAIUpload -UploadId upload_abc -PartId part_1, part_2, part_1");

        var error = result.SingleError();
        Assert.Equal("OpenAI.InvalidRequest,OpenAI.PowerShell.Commands.CompleteOAIUploadCommand", error.FullyQualifiedErrorId);
        Assert.Contains("'part_1' 2 times", error.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Requests.All);
    }

    [Fact]
    public void One_Md5_is_not_applied_to_several_uploads()
    {
        CreateFile("a.bin", 3_000, seed: 1);
        CreateFile("b.bin", 2_000, seed: 2);
        var result = Run(TwoUploads + "\n($pa + $pb) | Complete-OAIUpload -Md5 0123456789abcdef0123456789abcdef");

        var error = result.SingleError();
        Assert.Equal("OpenAI.InvalidRequest,OpenAI.PowerShell.Commands.CompleteOAIUploadCommand", error.FullyQualifiedErrorId);
        Assert.Contains("-Md5 is the checksum of one file, but 2 uploads were given", error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, Requests("POST", "/complete"));
    }

    [Fact]
    public void With_nothing_to_complete_it_says_so_instead_of_prompting_for_a_part()
    {
        var result = Run("Complete-OAIUpload");

        Assert.Equal("OpenAI.NoParts,OpenAI.PowerShell.Commands.CompleteOAIUploadCommand", result.SingleError().FullyQualifiedErrorId);
        Assert.DoesNotContain("Part[0]", result.HostText, StringComparison.Ordinal);
        Assert.Empty(Server.Requests.All);
    }
}
