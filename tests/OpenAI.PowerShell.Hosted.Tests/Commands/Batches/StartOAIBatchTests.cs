using System.Text.Json;

namespace OpenAI.PowerShell.Hosted.Tests.Commands.Batches;

public sealed class StartOAIBatchTests : BatchTest
{
    [Fact]
    public void A_file_sent_with_Send_OAIFile_starts_a_batch_without_Endpoint()
    {
        WriteRequests("requests.jsonl", 3);

        var result = Run("Send-OAIFile ./requests.jsonl -Purpose batch | Start-OAIBatch").ThrowIfFailed();

        var batch = Assert.Single(result.Output);
        Assert.Equal("OpenAI.PowerShell.Model.Batch", batch.TypeNames[0]);
        var record = Server.Batches.Get(result.Value<string>(0, "Id"))!;
        Assert.Equal(Chat, record.Endpoint);
        Assert.Equal("24h", record.CompletionWindow);
    }

    [Fact]
    public void A_File_the_session_has_not_read_needs_Endpoint_and_says_so_before_sending()
    {
        var fileId = AddInputFile(2);

        var refused = Run($"'{fileId}' | Start-OAIBatch");
        var started = Run($"'{fileId}' | Start-OAIBatch -Endpoint {Chat} -Metadata @{{ team = 'ops' }} -OutputExpiresAfter (New-TimeSpan -Days 2)").ThrowIfFailed();

        Assert.Equal("OpenAI.EndpointRequired,OpenAI.PowerShell.Commands.StartOAIBatchCommand", refused.SingleError().FullyQualifiedErrorId);
        var record = Server.Batches.Get(started.Value<string>(0, "Id"))!;
        Assert.Equal("ops", record.Metadata!["team"]);
        Assert.Equal(2 * 86400, record.OutputExpiresAfterSeconds);
        Assert.Single(Server.Batches.List());
    }

    [Theory]
    [InlineData("-Metadata @{ ('k' * 65) = 'v' }", "OpenAI.InvalidMetadata")]
    [InlineData("-Metadata @{ k = ('v' * 513) }", "OpenAI.InvalidMetadata")]
    [InlineData("-Metadata $(1..17 | ForEach-Object -Begin { $h = @{} } -Process { $h[\"k$_\"] = 'v' } -End { $h })", "OpenAI.InvalidMetadata")]
    [InlineData("-OutputExpiresAfter (New-TimeSpan -Minutes 5)", "OpenAI.InvalidExpiry")]
    [InlineData("-Endpoint /v1/nothing", "OpenAI.UnsupportedBatchUrl")]
    public void Arguments_past_the_API_limits_end_the_command_before_sending(string arguments, string errorId)
    {
        var fileId = AddInputFile(1);

        var result = Run($"Start-OAIBatch {fileId} {(arguments.Contains("-Endpoint") ? "" : "-Endpoint " + Chat)} {arguments}");

        Assert.Equal(errorId + ",OpenAI.PowerShell.Commands.StartOAIBatchCommand", result.SingleError().FullyQualifiedErrorId);
        Assert.Empty(Server.Batches.List());
    }

    [Fact]
    public void Path_checks_the_lines_and_infers_the_endpoint()
    {
        WriteRequests("good.jsonl", 4, "/v1/embeddings");
        File.WriteAllText(Path.Combine(Files.Root, "bad.jsonl"), Line(1) + "\n" + Line(1) + "\n");

        var good = Run("Start-OAIBatch -Path ./good.jsonl").ThrowIfFailed();
        var bad = Run("Start-OAIBatch -Path ./bad.jsonl");

        Assert.Equal("/v1/embeddings", good.Value<string>(0, "Endpoint"));
        Assert.StartsWith("OpenAI.DuplicateCustomId,", bad.SingleError().FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Single(Server.State.ListFiles("batch"));
    }

    [Fact]
    public void Input_over_the_request_limit_becomes_linked_batches_each_within_it()
    {
        // 50,000 requests is the API's limit; 50,001 must become two batches.
        WriteRequests("big.jsonl", 50_001);

        var result = Run("Get-Item ./big.jsonl | Start-OAIBatch -Metadata @{ run = 'nightly' }").ThrowIfFailed();

        Assert.Equal(2, result.Output.Count);
        var records = result.Output.Select(o => Server.Batches.Get((string)o.Properties["Id"].Value)!).ToList();
        Assert.Equal(new[] { "1/2", "2/2" }, records.Select(r => r.Metadata!["batch_part"]));
        Assert.Single(records.Select(r => r.Metadata!["batch_group"]).Distinct());
        Assert.All(records, r => Assert.Equal("nightly", r.Metadata!["run"]));
        var lengths = records.Select(r => Server.State.ReadFileContent(r.InputFileId).Count(b => b == '\n')).ToList();
        Assert.Equal(new[] { 50_000, 1 }, lengths);
    }

    [Fact]
    public void Piped_request_objects_are_written_as_JSONL_and_started_as_one_batch()
    {
        var result = Run("""
            $requests = @(
                @{ custom_id = 'a'; url = '/v1/embeddings'; body = @{ model = 'text-embedding-3-small'; input = 'é ünïcode' } }
                [pscustomobject]@{ custom_id = 'b'; method = 'POST'; url = '/v1/embeddings'; body = [pscustomobject]@{ model = 'm'; input = @('x', 'y') } }
                '{"custom_id":"c","url":"/v1/embeddings","body":{"model":"m","input":"z","dimensions":8}}' | ConvertFrom-Json
            )
            $requests | Start-OAIBatch
            """).ThrowIfFailed();

        var record = Server.Batches.Get(result.Value<string>(0, "Id"))!;
        Assert.Equal("/v1/embeddings", record.Endpoint);
        var lines = System.Text.Encoding.UTF8.GetString(Server.State.ReadFileContent(record.InputFileId)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal("POST", first.RootElement.GetProperty("method").GetString());
        Assert.Equal("é ünïcode", first.RootElement.GetProperty("body").GetProperty("input").GetString());
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal(2, second.RootElement.GetProperty("body").GetProperty("input").GetArrayLength());
        using var third = JsonDocument.Parse(lines[2]);
        Assert.Equal(8, third.RootElement.GetProperty("body").GetProperty("dimensions").GetInt32());
    }

    [Theory]
    [InlineData("@{ custom_id = 'a'; url = '/v1/embeddings'; body = @{} }, @{ custom_id = 'a'; url = '/v1/embeddings'; body = @{} }", "OpenAI.DuplicateCustomId")]
    [InlineData("@{ custom_id = 'a'; url = '/v1/embeddings'; body = @{} }, @{ custom_id = 'b'; url = '/v1/responses'; body = @{} }", "OpenAI.MixedBatchUrl")]
    [InlineData("@{ custom_id = 'a'; body = @{} }", "OpenAI.InvalidBatchLine")]
    [InlineData("@{ custom_id = 'a'; url = '/v1/embeddings' }", "OpenAI.InvalidBatchLine")]
    [InlineData("@{ url = '/v1/embeddings'; body = @{} }", "OpenAI.InvalidBatchLine")]
    public void A_request_that_cannot_be_sent_ends_the_command_and_nothing_is_sent(string requests, string errorId)
    {
        var temp = Directory.GetDirectories(Path.GetTempPath(), "oai-batch-*").Length;

        var result = Run($"{requests} | Start-OAIBatch");

        Assert.Equal(errorId + ",OpenAI.PowerShell.Commands.StartOAIBatchCommand", result.SingleError().FullyQualifiedErrorId);
        Assert.Empty(Server.Requests.All);
        Assert.Equal(temp, Directory.GetDirectories(Path.GetTempPath(), "oai-batch-*").Length);
    }

    [Fact]
    public void Request_objects_take_the_url_from_Endpoint_when_they_have_none()
    {
        var result = Run("@{ custom_id = 'a'; body = @{ input = 'x' } } | Start-OAIBatch -Endpoint /v1/embeddings").ThrowIfFailed();

        Assert.Equal("/v1/embeddings", Server.Batches.Get(result.Value<string>(0, "Id"))!.Endpoint);
    }

    [Fact]
    public void WhatIf_sends_nothing_and_needs_no_key()
    {
        WriteRequests("requests.jsonl", 3);

        var result = RunWithoutKey("Start-OAIBatch -Path ./requests.jsonl -WhatIf; @{ custom_id = 'a'; url = '/v1/embeddings'; body = @{} } | Start-OAIBatch -WhatIf");

        Assert.Empty(result.AllErrors);
        Assert.Contains("Send 3 request(s)", result.HostText, StringComparison.Ordinal);
        Assert.Contains("Send 1 request(s)", result.HostText, StringComparison.Ordinal);
        Assert.Empty(Server.Requests.All);
    }

    [Fact]
    public void A_FileInfo_binds_as_a_path_and_a_pending_Upload_is_refused_by_name()
    {
        WriteRequests("requests.jsonl", 2);

        var fromItem = Run("Get-Item ./requests.jsonl | Start-OAIBatch").ThrowIfFailed();
        var pending = Run("New-OAIUpload -FileName a.jsonl -Bytes 10 -Purpose batch | Start-OAIBatch -Endpoint /v1/embeddings");

        Assert.Single(fromItem.Output);
        Assert.Equal("OpenAI.UploadNotCompleted,OpenAI.PowerShell.Commands.StartOAIBatchCommand", pending.SingleError().FullyQualifiedErrorId);
    }

    [Fact]
    public void Ctrl_C_while_piped_requests_are_sent_starts_no_batch_and_leaves_no_temp_file_or_upload()
    {
        var temp = Directory.GetDirectories(Path.GetTempPath(), "oai-batch-*").Length;
        Server.Faults.Enqueue(OpenAI.Emulator.Fault.HoldAnswer("/parts", TimeSpan.FromSeconds(30), "POST"));

        var (result, stopTook) = Session.RunAndStop("1..3 | ForEach-Object { @{ custom_id = \"r$_\"; url = '/v1/embeddings'; body = @{ input = 'x' } } } | Start-OAIBatch", TimeSpan.FromSeconds(2));

        // A second for the prompt, with room for a loaded 2-core machine (as SendOAIFileStopTests allows).
        Assert.True(stopTook < TimeSpan.FromSeconds(1.5), $"the stop took {stopTook}");
        Assert.Empty(Server.Batches.List());
        Assert.All(Server.State.Uploads, u => Assert.Equal("cancelled", u.Status));
        // The cancel gets half a second after Ctrl+C; on a loaded machine its answer can come later than that (the
        // server cancels it all the same), and the warning then says the cancel did not finish in time.
        var said = string.Join("\n", result.Warnings.Append(result.HostText));
        Assert.True(said.Contains("was cancelled because the command was stopped", StringComparison.Ordinal)
            || said.Contains("could not be cancelled: the cancel request did not finish within 0.5 s", StringComparison.Ordinal), said);
        Assert.Equal(temp, Directory.GetDirectories(Path.GetTempPath(), "oai-batch-*").Length);
    }

    [Fact]
    public void A_local_path_given_by_position_is_read_as_a_file_as_Send_OAIFile_reads_it()
    {
        WriteRequests("requests.jsonl", 2);

        var result = Run("Start-OAIBatch ./requests.jsonl").ThrowIfFailed();

        Assert.Equal(Chat, result.Value<string>(0, "Endpoint"));
        Assert.Equal(2, Server.State.ReadFileContent(result.Value<string>(0, "InputFileId")).Count(b => b == (byte)10));
    }
}
