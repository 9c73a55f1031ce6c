namespace OpenAI.Emulator.Batches;

/// <summary>
/// Takes one batch from validating to its end: validate the input file, run each line through the
/// line executor, write the result files, and stop early on cancel or expiry.
/// </summary>
internal sealed class BatchRunner(BatchProcessor processor, EmulatorState state, EmulatorOptions options, ManualClock clock, BatchLineExecutor executor)
{
    private const string ExpiredMessage = "This request could not be executed before the completion window expired.";

    public async Task RunAsync(BatchRecord batch, CancellationToken shutdown)
    {
        try
        {
            await RunCoreAsync(batch, shutdown);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            // The server is stopping; the batch simply stays where it was.
        }
        catch (Exception e) when (!shutdown.IsCancellationRequested)
        {
            // A bug or a file deleted under the run: end the batch visibly rather than leave it hanging.
            batch.MarkFailed([new BatchValidationError("server_error", "Emulator error: " + e.Message)], clock.UtcNow);
        }
    }

    private async Task RunCoreAsync(BatchRecord batch, CancellationToken shutdown)
    {
        await Task.Delay(options.BatchStepDelay, shutdown);
        if (!await processor.WaitTurnAsync(batch, shutdown))
        {
            await EndStoppedBeforeRunningAsync(batch, shutdown);
            return;
        }

        if (!state.TryGetFile(batch.InputFileId, out var input))
        {
            batch.MarkFailed([new BatchValidationError("file_not_found", $"No such File object: {batch.InputFileId}", "input_file_id")], clock.UtcNow);
            return;
        }

        var (errors, count, model) = BatchInput.Validate(input, batch.Endpoint, options);
        if (errors.Count > 0)
        {
            batch.MarkFailed(errors, clock.UtcNow);
            return;
        }

        batch.MarkInProgress(count, model, clock.UtcNow);
        await using var results = new BatchResultFiles(state, batch);
        using var lines = BatchInput.Requests(input).GetEnumerator();
        var index = 0;
        var stopped = false;
        while (lines.MoveNext())
        {
            if (!await processor.WaitTurnAsync(batch, shutdown))
            {
                stopped = true;
                break;
            }

            await Task.Delay(options.BatchLineDelay, shutdown);
            index++;
            var line = lines.Current;
            var (status, body) = executor.Run(batch.Endpoint, line.Body, index, batch.ViaAzure);
            await results.WriteResponseAsync(line.CustomId, status, body, shutdown);
            batch.CountLine(status == StatusCodes.Status200OK);
        }

        if (!stopped)
        {
            // Finalizing may still be overtaken by a cancel or expiry that came with the last line.
            stopped = !await processor.WaitTurnAsync(batch, shutdown) || !batch.TryMarkFinalizing(clock.UtcNow);
            if (!stopped)
            {
                await Task.Delay(options.BatchStepDelay, shutdown);
            }
        }

        if (stopped && batch.Stop == StopReason.Expire)
        {
            // The current line was read but not run; it and the rest are reported as expired.
            var pending = index < count ? Remaining(lines, includeCurrent: true) : [];
            foreach (var line in pending)
            {
                await results.WriteNotRunAsync(line.CustomId, "batch_expired", ExpiredMessage, shutdown);
            }
        }

        var (outputFileId, errorFileId) = results.Commit(clock.UtcNow);
        batch.MarkEnded(outputFileId, errorFileId, clock.UtcNow);
    }

    private static IEnumerable<BatchInputLine> Remaining(IEnumerator<BatchInputLine> lines, bool includeCurrent)
    {
        if (includeCurrent)
        {
            yield return lines.Current;
        }

        while (lines.MoveNext())
        {
            yield return lines.Current;
        }
    }

    /// <summary>Cancelled or expired while validating: no lines ran. Expiry still lists every line as batch_expired.</summary>
    private async Task EndStoppedBeforeRunningAsync(BatchRecord batch, CancellationToken shutdown)
    {
        await using var results = new BatchResultFiles(state, batch);
        if (batch.Stop == StopReason.Expire && state.TryGetFile(batch.InputFileId, out var input) &&
            BatchInput.Validate(input, batch.Endpoint, options).Errors.Count == 0)
        {
            foreach (var line in BatchInput.Requests(input))
            {
                await results.WriteNotRunAsync(line.CustomId, "batch_expired", ExpiredMessage, shutdown);
            }
        }

        var (outputFileId, errorFileId) = results.Commit(clock.UtcNow);
        batch.MarkEnded(outputFileId, errorFileId, clock.UtcNow);
    }
}
