namespace OpenAI.PowerShell.Hosted.Tests.Commands.Batches;

public sealed class GetAndStopOAIBatchTests : BatchTest
{
    [Fact]
    public void Get_lists_newest_first_filtered_by_status_and_reads_piped_ids_and_Batches()
    {
        Server.Batches.Pause();
        var older = StartOnServer(1);
        var newer = StartOnServer(1);

        var all = Run("Get-OAIBatch | ForEach-Object Id").ThrowIfFailed();
        var none = Run("Get-OAIBatch -Status completed").ThrowIfFailed();
        var piped = Run($"'{older}', (Get-OAIBatch {newer}) | Get-OAIBatch | ForEach-Object Id").ThrowIfFailed();

        Assert.Equal(new[] { newer, older }, all.Output.Select(o => o.ToString()));
        Assert.Empty(none.Output);
        Assert.Equal(new[] { older, newer }, piped.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void Stop_cancels_with_ShouldProcess_and_PassThru_writes_the_batch()
    {
        Server.Batches.Pause();
        var id = StartOnServer(3);

        var whatIf = Run($"Stop-OAIBatch {id} -WhatIf").ThrowIfFailed();
        Assert.Equal(0, Requests("POST", "/cancel"));
        Assert.Contains($"What if: Performing the operation \"Cancel batch\" on target \"{id}\".", whatIf.HostText, StringComparison.Ordinal);

        var result = Run($"Get-OAIBatch {id} | Stop-OAIBatch -PassThru").ThrowIfFailed();
        Assert.Equal("cancelling", result.Value<string>(0, "Status"));
        Server.Batches.Resume();
        WaitOnServer(id);
        Assert.Equal("cancelled", Server.Batches.Get(id)!.Status);
    }

    [Fact]
    public void Batch_ids_the_session_has_seen_complete_for_every_batch_cmdlet()
    {
        Server.Batches.Pause();
        var id = StartOnServer(1);

        Assert.Equal(new[] { id }, Complete("Wait-OAIBatch batch_").Select(c => c.CompletionText));
        Assert.Equal(new[] { id }, Complete("Receive-OAIBatch -BatchId batch_").Select(c => c.CompletionText));
        Assert.Contains("in_progress", Complete("Get-OAIBatch -Status in").Select(c => c.CompletionText));
        Assert.Contains("/v1/chat/completions", Complete("Start-OAIBatch -Endpoint /v1/ch").Select(c => c.CompletionText));
    }

    [Fact]
    public async Task Batch_tables_fit_80_columns()
    {
        var id = await StartPartlyDoneAsync(requests: 2, done: 1);

        var text = Run($"Get-OAIBatch {id} | Format-Table | Out-String -Width 80").ThrowIfFailed().Output.Single().ToString()!;

        Assert.Contains(id, text, StringComparison.Ordinal);
        Assert.Contains("in_progress         1/2", text, StringComparison.Ordinal);
        Assert.All(text.Split('\n'), l => Assert.True(l.TrimEnd().Length <= 80, l));
    }

    [Fact]
    public void Ids_read_from_a_file_with_CRLF_line_ends_are_taken_without_them()
    {
        Server.Batches.Pause();
        var id = StartOnServer(1);
        File.WriteAllText(Path.Combine(Files.Root, "ids.txt"), id + "\r\n");

        var result = Run("Get-Content ./ids.txt | Get-OAIBatch | ForEach-Object Id").ThrowIfFailed();

        Assert.Equal(id, Assert.Single(result.Output).ToString());
    }
}
