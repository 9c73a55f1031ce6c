using System.Management.Automation;
using OpenAI.PowerShell.Hosted.Tests.Hosting;
using OpenAI.PowerShell.TestSupport;

namespace OpenAI.PowerShell.Hosted.Tests.Formatting;

/// <summary>
/// The default views as a terminal prints them, at 80 and 120 columns (and 79, what Windows
/// PowerShell's console writes at 80): every id whole, the value needed next on screen, headers on
/// one line, numbers aligned right. Each script returns the objects, then their Out-String text.
/// </summary>
public sealed class ViewTests : HostedTest
{
    [Theory]
    [InlineData(80)]
    [InlineData(79)]
    [InlineData(120)]
    public void An_Upload_from_Send_OAIFile_shows_its_id_status_and_FileId_whole(int width)
    {
        CreateFile("f.jsonl", 10_000_000);
        var result = Run("$u = Send-OAIFile ./f.jsonl batch; $u; $u | Out-String -Width $args[0]", width).ThrowIfFailed();

        var (id, fileId) = (result.Value<string>(0, "Id"), result.Value<string>(0, "FileId"));
        var table = TableText.Parse(result.LastText, width, "Id");
        table.AssertFitsUncut();
        Assert.Equal(new[] { "Id", "Status", "FileId", "Name" }, table.Columns);
        Assert.Equal($"{id,-31} completed {fileId,-29} f.jsonl", Assert.Single(table.Rows));
    }

    [Fact]
    public void A_console_80_columns_wide_prints_the_same_table_through_Out_Host()
    {
        CreateFile("f.jsonl", 2_000);
        using var console = PowerShellSession.Start(Server, Files.Root, width: 80);
        var result = console.Run("$u = Send-OAIFile ./f.jsonl batch; $u | Out-Host; $u").ThrowIfFailed();

        var table = TableText.Parse(result.HostText, 80, "Id");
        table.AssertFitsUncut();
        Assert.Equal($"{result.Value<string>(0, "Id"),-31} completed {result.Value<string>(0, "FileId"),-29} f.jsonl", Assert.Single(table.Rows));
    }

    [Fact]
    public void At_80_columns_a_long_file_name_is_what_gets_cut()
    {
        CreateFile("a-rather-long-name.jsonl", 2_000);
        var result = Run("$u = Send-OAIFile ./a-rather-long-name.jsonl batch; $u; $u | Out-String -Width 80").ThrowIfFailed();

        var table = TableText.Parse(result.LastText, 80, "Id");
        Assert.Equal(new[] { "Id", "Status", "FileId", "Name" }, table.Columns);
        Assert.Equal($"{result.Value<string>(0, "Id"),-31} completed {result.Value<string>(0, "FileId"),-29} a-rathe…", Assert.Single(table.Rows));
    }

    [Fact]
    public void A_pending_Upload_from_New_OAIUpload_shows_its_id_whole_at_80_columns()
    {
        CreateFile("f.jsonl", 2_000);
        var result = Run("$u = New-OAIUpload -Path ./f.jsonl -Purpose batch; $u; $u | Out-String -Width 80").ThrowIfFailed();

        var table = TableText.Parse(result.LastText, 80, "Id");
        table.AssertFitsUncut();
        Assert.Equal($"{result.Value<string>(0, "Id"),-31} pending   {"",-29} f.jsonl", Assert.Single(table.Rows));
    }

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    public void UploadParts_print_their_UploadId_whole_above_right_aligned_numbers_and_whole_ids(int width)
    {
        CreateFile("f.jsonl", 5_000);
        var result = Run("""
            $parts = New-OAIUpload -Path ./f.jsonl -Purpose batch | Add-OAIUploadPart -Path ./f.jsonl -PartSize 2KB | Sort-Object PartNumber
            $parts
            $parts | Out-String -Width $args[0]
            """, width).ThrowIfFailed();

        var parts = result.Output.Take(3).ToList();
        var text = result.LastText;
        Assert.Contains($"\n   UploadId: {parts[0].Properties["UploadId"].Value}\n", text.Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var table = TableText.Parse(text, width, "PartNumber");
        table.AssertFitsUncut();
        Assert.Equal(new[] { "PartNumber", "Size", "Offset", "Id" }, table.Columns);
        Assert.Equal(new[]
        {
            $"{1,10} {"2 KiB",8} {0,10} {parts[0].Properties["Id"].Value}",
            $"{2,10} {"2 KiB",8} {2048,10} {parts[1].Properties["Id"].Value}",
            $"{3,10} {"904 B",8} {4096,10} {parts[2].Properties["Id"].Value}",
        }, table.Rows);
    }

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    public void The_File_of_a_completed_upload_shows_its_id_status_and_a_binary_size(int width)
    {
        CreateFile("f.jsonl", 10_000_000);
        var result = Run("$f = (Send-OAIFile ./f.jsonl batch).File; $f; $f | Out-String -Width $args[0]", width).ThrowIfFailed();

        var table = TableText.Parse(result.LastText, width, "Id");
        table.AssertFitsUncut();
        Assert.Equal(new[] { "Id", "Status", "Size", "Purpose", "FileName" }, table.Columns);
        var status = result.Value<string>(0, "Status");
        Assert.False(string.IsNullOrEmpty(status));
        Assert.Equal($"{result.Value<string>(0, "Id"),-29} {status,-9} {"9.54 MiB",8} {"batch",-10} f.jsonl", Assert.Single(table.Rows));
    }

    [Fact]
    public void An_EditedImage_shows_its_whole_path_at_120_columns()
    {
        TestImages.WritePng(Path.Combine(Files.Root, "photo.png"), 64, 64);
        var result = Run(Edit + "; $i; $i | Out-String -Width 120").ThrowIfFailed();

        var path = result.Value<string>(0, "Path");
        var table = TableText.Parse(result.LastText, 120, "Index");
        table.AssertFitsUncut();
        Assert.Equal(new[] { "Index", "Size", "Location" }, table.Columns);
        Assert.Equal($"{0,5} {result.Value<string?>(0, "Size"),-9} {path}".TrimEnd(), Assert.Single(table.Rows));
    }

    [Fact]
    public void An_EditedImage_path_longer_than_80_columns_wraps_whole_instead_of_being_cut()
    {
        TestImages.WritePng(Path.Combine(Files.Root, "photo.png"), 64, 64);
        var result = Run(Edit + "; $i; $i | Out-String -Width 80").ThrowIfFailed();

        var path = result.Value<string>(0, "Path");
        Assert.True(path.Length > 80 - 16, "The path must be too long for one line: " + path);
        var table = TableText.Parse(result.LastText, 80, "Index");
        table.AssertFitsUncut();
        Assert.Equal(new[] { "Index", "Size", "Location" }, table.Columns);
        Assert.StartsWith($"{0,5} ", table.Rows[0], StringComparison.Ordinal);
        // The Location column starts after "Index" (5), a space, Size (9) and a space.
        Assert.Equal(path, string.Concat(table.Rows.Select(r => r.Length > 16 ? r[16..] : "")));
    }

    [Fact]
    public void Get_OAIContext_is_a_list_whose_labels_are_the_property_names()
    {
        var result = Run("Get-OAIContext | Out-String -Width 80").ThrowIfFailed();

        var lines = result.LastText.Replace("\r", "", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
        Assert.Equal(new[] { "BaseUri", "ApiKeyHint", "ApiKeySource", "ApiType", "Credential", "Organization", "Project", "MaxRetries", "TimeoutSec", "Proxy", "ProxyUser", "AllowUnencryptedAuthentication" },
            lines.Select(l => l.Split(':')[0].Trim()));
        Assert.Contains("ApiKeySource                   : Context", lines);
        Assert.Contains("ApiType                        : OpenAI", lines);
        Assert.Contains("Credential                     : Bearer key", lines);
        Assert.Contains("MaxRetries                     : 1", lines);
        Assert.Contains("AllowUnencryptedAuthentication : False", lines);
        Assert.DoesNotContain(Server.ApiKey, result.LastText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    public void Get_OAIContext_as_a_table_fits_with_numbers_aligned_right(int width)
    {
        var result = Run("$c = Get-OAIContext; $c; $c | Format-Table | Out-String -Width $args[0]", width).ThrowIfFailed();

        var table = TableText.Parse(result.LastText, width, "BaseUri");
        table.AssertFitsUncut();
        Assert.Equal(new[] { "BaseUri", "ApiKeySource", "ApiKeyHint", "MaxRetries", "TimeoutSec" }, table.Columns);
        var (baseUri, hint) = (result.Value<string>(0, "BaseUri"), result.Value<string>(0, "ApiKeyHint"));
        Assert.Equal($"{baseUri,-32} {"Context",-12} {hint,-10} {1,10} {600,10}", Assert.Single(table.Rows));
    }

    /// <summary>An edit saved under a folder deep enough to make the path long.</summary>
    private const string Edit =
        "$i = New-OAIImageEdit ./photo.png -Prompt 'add a red beret' -OutDirectory ./out/edits/for-the-spring-campaign";
}
