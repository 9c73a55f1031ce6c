using OpenAI.PowerShell.Hosted.Tests.Hosting;

namespace OpenAI.PowerShell.Hosted.Tests.Formatting;

/// <summary>
/// What the types file adds and what other formatters write: Format-List shows the default display
/// property set, Format-Wide the id, and ConvertTo-Json writes names where a number would mean nothing.
/// </summary>
public sealed class OutputMembersTests : HostedTest
{
    [Fact]
    public void Format_List_of_an_Upload_shows_its_default_display_property_set()
    {
        CreateFile("f.jsonl", 2_000);
        var result = Run("$u = Send-OAIFile ./f.jsonl batch; $u; $u | Format-List | Out-String -Width 80").ThrowIfFailed();

        Assert.Equal(new[] { "Id", "FileName", "Bytes", "Purpose", "Status", "CreatedAt", "ExpiresAt", "FileId" }, ListLabels(result));
        Assert.Contains($"FileId    : {result.Value<string>(0, "FileId")}", result.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_List_of_UploadParts_and_Files_shows_their_sets()
    {
        CreateFile("f.jsonl", 2_000);
        var parts = Run("New-OAIUpload -Path ./f.jsonl -Purpose batch | Add-OAIUploadPart -Path ./f.jsonl | Format-List | Out-String").ThrowIfFailed();
        var file = Run("(Send-OAIFile ./f.jsonl batch).File | Format-List | Out-String").ThrowIfFailed();

        Assert.Equal(new[] { "PartNumber", "Id", "UploadId", "Offset", "Length", "CreatedAt" }, ListLabels(parts));
        Assert.Equal(new[] { "Id", "FileName", "Bytes", "Purpose", "Status", "CreatedAt", "ExpiresAt" }, ListLabels(file));
    }

    [Fact]
    public void Format_Wide_shows_the_id()
    {
        CreateFile("f.jsonl", 2_000);
        var result = Run("$u = Send-OAIFile ./f.jsonl batch; $u; $u | Format-Wide | Out-String -Width 80").ThrowIfFailed();

        Assert.Contains(result.Value<string>(0, "Id"), result.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain("f.jsonl", result.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public void ConvertTo_Json_writes_the_key_source_as_its_name()
    {
        var result = Run("Get-OAIContext | ConvertTo-Json; (Get-OAIContext | ConvertTo-Json | ConvertFrom-Json).ApiKeySource; (Get-OAIContext).ApiKeySource -eq 'Context'").ThrowIfFailed();

        Assert.Contains("\"ApiKeySource\": \"Context\"", (string)result.Output[0].BaseObject, StringComparison.Ordinal);
        Assert.Equal("Context", result.Output[1].BaseObject);
        Assert.Equal(true, result.Output[2].BaseObject);
    }

    [Fact]
    public void Export_Csv_writes_the_key_source_as_its_name()
    {
        var result = Run("(Get-OAIContext | ConvertTo-Csv)[1]").ThrowIfFailed();

        Assert.Contains("\"Context\"", (string)result.Output[0].BaseObject, StringComparison.Ordinal);
    }

    /// <summary>The labels of the first list entry in the last output (a Format-List text).</summary>
    private static IReadOnlyList<string> ListLabels(RunResult result) =>
        result.LastText.Replace("\r", "", StringComparison.Ordinal).Split('\n')
            .SkipWhile(l => l.Trim().Length == 0).TakeWhile(l => l.Trim().Length > 0)
            .Select(l => l.Split(':')[0].Trim()).ToList();
}
