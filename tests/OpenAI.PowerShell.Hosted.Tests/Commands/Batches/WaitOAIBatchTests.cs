namespace OpenAI.PowerShell.Hosted.Tests.Commands.Batches;

public sealed class WaitOAIBatchTests : BatchTest
{
    [Fact]
    public void Each_batch_is_written_when_it_ends_with_a_progress_bar_while_it_runs()
    {
        var first = StartOnServer(3);
        var second = StartOnServer(2);

        var result = Run($"'{first}', '{second}' | Wait-OAIBatch -PollInterval 1").ThrowIfFailed();

        Assert.Equal(new[] { "completed", "completed" }, result.Output.Select(o => (string)o.Properties["Status"].Value));
        Assert.Equal(new[] { first, second }.OrderBy(x => x), result.Output.Select(o => (string)o.Properties["Id"].Value).OrderBy(x => x));
        Assert.Equal(5, result.Output.Sum(o => (int)o.Properties["Completed"].Value));
    }

    [Fact]
    public async Task A_running_batch_shows_its_counts_and_finishes_once_the_server_does()
    {
        var id = await StartPartlyDoneAsync(requests: 4, done: 2);
        var waiting = Task.Run(() => Run($"Wait-OAIBatch {id} -PollInterval 1"));
        await Task.Delay(1500);
        Server.Batches.Resume();

        var result = (await waiting).ThrowIfFailed();

        Assert.Equal("completed", result.Value<string>(0, "Status"));
        Assert.Contains(result.Progress, p => p.Activity == $"Batch {id}" && p.StatusDescription.StartsWith("in_progress: 2/4 done, 0 failed", StringComparison.Ordinal) && p.PercentComplete == 50);
    }

    [Fact]
    public void Timeout_ends_the_wait_with_OpenAI_WaitTimeout_and_the_batch_goes_on()
    {
        Server.Batches.Pause();
        var id = StartOnServer(2);

        var started = DateTime.UtcNow;
        var result = Run($"Wait-OAIBatch {id} -Timeout 2 -PollInterval 1");

        var error = result.SingleError();
        Assert.Equal("OpenAI.WaitTimeout,OpenAI.PowerShell.Commands.WaitOAIBatchCommand", error.FullyQualifiedErrorId);
        Assert.Contains($"Wait again with: Wait-OAIBatch {id}", error.Exception.Message, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
        Assert.Empty(result.Output);
        Assert.False(OpenAI.Emulator.BatchStatus.IsTerminal(Server.Batches.Get(id)!.Status));
    }

    [Fact]
    public void Ctrl_C_ends_the_wait_within_a_second_and_a_warning_says_the_batch_goes_on()
    {
        Server.Batches.Pause();
        var id = StartOnServer(2);

        var (result, stopTook) = Session.RunAndStop($"Wait-OAIBatch {id}", TimeSpan.FromSeconds(3));

        // Nothing is cleaned up (the batch goes on), so the stop is at once: 15 ms in a real pwsh. The bound
        // leaves room for a loaded 2-core machine, as the other Ctrl+C tests do.
        Assert.True(stopTook < TimeSpan.FromSeconds(1.5), $"the stop took {stopTook}");
        Assert.Contains($"WARNING: Stopped waiting; batch {id} (validating) goes on. Wait again with: Wait-OAIBatch {id}", result.HostText, StringComparison.Ordinal);
        Assert.Equal(0, Requests("POST", "/cancel"));
    }

    [Fact]
    public void The_adaptive_pace_starts_near_two_seconds_and_grows_by_half_again_each_poll()
    {
        Server.Batches.Pause();
        var id = StartOnServer(1);
        Server.Requests.Clear();

        Run($"Wait-OAIBatch {id} -Timeout 12");

        // Reads at 0, 2, 5 and 9.5 s (the next would be at 16.25): a fixed 2 s pace would make 7, and a
        // pace that grew twice per poll (0, 2, 6.5, then 16.6 s) only 3.
        Assert.Equal(4, Requests("GET", $"/v1/batches/{id}"));
    }

    [Fact]
    public void A_batch_id_that_is_not_one_is_refused_before_any_request()
    {
        var result = Run("Wait-OAIBatch 'batch_1/../x'");

        Assert.Equal("OpenAI.InvalidBatchId,OpenAI.PowerShell.Commands.WaitOAIBatchCommand", result.SingleError().FullyQualifiedErrorId);
        Assert.Empty(Server.Requests.All);
    }
}
