using System.Management.Automation;
using OpenAI.PowerShell.Hosted.Tests.Hosting;

namespace OpenAI.PowerShell.Hosted.Tests.Commands;

/// <summary>Send-OAIFile and New-OAIUpload check .jsonl batch and fine-tune files before sending a byte.</summary>
public sealed class JsonlCheckTests : HostedTest
{
    private const string Line1 = """{"custom_id":"r1","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini"}}""";
    private const string Line2 = """{"custom_id":"r1","method":"POST","url":"/v1/embeddings","body":{"model":"text-embedding-3-small"}}""";

    private string BadBatch(string name = "bad.jsonl")
    {
        var path = Path.Combine(Files.Root, name);
        File.WriteAllText(path, Line1 + "\n" + Line2 + "\n");
        return path;
    }

    [Fact]
    public void A_bad_batch_file_fails_its_record_naming_line_and_field_and_nothing_is_sent()
    {
        var path = BadBatch();
        var result = Run("Send-OAIFile ./bad.jsonl -Purpose batch");

        var error = result.SingleError();
        Assert.Equal("OpenAI.DuplicateCustomId,OpenAI.PowerShell.Commands.SendOAIFileCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Equal(path, error.TargetObject);
        Assert.Contains("2 problems:", error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("line 2, field \"custom_id\": \"r1\" is already used on line 1", error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("(OpenAI.DuplicateCustomId)", error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("line 2, field \"url\":", error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("-SkipValidation", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
        Assert.Empty(result.Output);
        Assert.Empty(Server.Requests.All);
    }

    [Fact]
    public void WhatIf_reports_a_bad_file_too_and_sends_nothing()
    {
        BadBatch();
        var result = Run("Send-OAIFile ./bad.jsonl batch -WhatIf");

        Assert.StartsWith("OpenAI.DuplicateCustomId,", result.SingleError().FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.DoesNotContain("What if:", result.HostText, StringComparison.Ordinal);
        Assert.Empty(Server.Requests.All);
    }

    [Fact]
    public void The_other_files_in_the_pipeline_still_go()
    {
        BadBatch();
        var good = CreateFile("good.jsonl", 5_000, seed: 4);
        var result = Run("'./bad.jsonl', './good.jsonl' | Send-OAIFile -Purpose batch -PartSize 2000");

        Assert.StartsWith("OpenAI.DuplicateCustomId,", result.SingleError().FullyQualifiedErrorId, StringComparison.Ordinal);
        var upload = Assert.Single(result.Output);
        Assert.Equal(("good.jsonl", "completed"), ((string)upload.Properties["FileName"].Value, (string)upload.Properties["Status"].Value));
        Assert.Equal(File.ReadAllBytes(good), ServerFile((string)upload.Properties["FileId"].Value));
        Assert.Single(Server.Requests.All, q => q.Method == "POST" && q.Path.TrimEnd('/').EndsWith("/uploads", StringComparison.Ordinal));
    }

    [Fact]
    public void SkipValidation_sends_the_file_as_it_is()
    {
        var path = BadBatch();
        var result = Run("Send-OAIFile ./bad.jsonl -Purpose batch -SkipValidation").ThrowIfFailed();

        Assert.Equal("completed", result.Value<string>(0, "Status"));
        Assert.Equal(File.ReadAllBytes(path), ServerFile(result.Value<string>(0, "FileId")));
    }

    [Fact]
    public void Only_jsonl_files_for_batch_or_fine_tune_are_checked()
    {
        BadBatch();
        File.Copy(Path.Combine(Files.Root, "bad.jsonl"), Path.Combine(Files.Root, "bad.txt"));
        var result = Run("Send-OAIFile ./bad.jsonl -Purpose assistants; Send-OAIFile ./bad.txt -Purpose batch").ThrowIfFailed();

        Assert.Equal(new[] { "completed", "completed" }, result.Output.Select(o => (string)o.Properties["Status"].Value));
    }

    [Fact]
    public void New_OAIUpload_checks_a_fine_tune_file_before_creating_the_upload()
    {
        var path = Path.Combine(Files.Root, "train.jsonl");
        File.WriteAllText(path, "{\"messages\":[]}\n{\"prompt\":\"2+2=\"}\n");
        var result = Run("Get-Item ./train.jsonl | New-OAIUpload -Purpose fine-tune");

        var error = result.SingleError();
        Assert.Equal("OpenAI.InvalidFineTuneLine,OpenAI.PowerShell.Commands.NewOAIUploadCommand", error.FullyQualifiedErrorId);
        Assert.Equal(path, error.TargetObject);
        Assert.Contains("line 2, field \"completion\": is missing", error.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(Server.Requests.All);

        var skipped = Run("New-OAIUpload -LiteralPath ./train.jsonl -Purpose fine-tune -SkipValidation").ThrowIfFailed();
        Assert.Equal("pending", skipped.Value<string>(0, "Status"));
    }

    [Fact]
    public void New_OAIUpload_with_a_good_batch_file_creates_the_upload()
    {
        CreateFile("requests.jsonl", 3_000);
        var result = Run("New-OAIUpload ./requests.jsonl batch").ThrowIfFailed();

        Assert.Equal(3_000L, result.Value<long>(0, "Bytes"));
        Assert.Equal(1, Requests("POST", "/uploads"));
    }
}
