using System.Collections.Concurrent;
using System.Management.Automation;
using System.Runtime.ExceptionServices;
using OpenAI.PowerShell.Errors;
using OpenAI.PowerShell.Http;

namespace OpenAI.PowerShell.Async;

/// <summary>
/// A cmdlet whose Begin/Process/End can be awaited. Work starts on the pipeline thread, so a record
/// that completes synchronously (a chunk appended to a buffer) costs no task and no queue. Once it
/// awaits, writes and ShouldProcess from other threads are queued and run on the pipeline thread,
/// and the awaitable writes make a producer wait for them (backpressure). StopProcessing cancels
/// <see cref="StopToken"/>, which reaches every request.
/// </summary>
public abstract class AsyncCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<Action> _queue = new();
    private readonly SemaphoreSlim _signal = new(0);
    private int _pipelineThread = -1;
    private bool _outputClosed;
    private ExceptionDispatchInfo? _downstreamStop;

    /// <summary>A downstream command has all it wants, or Ctrl+C: a listing stops asking for pages.</summary>
    protected bool OutputClosed => _outputClosed;

    /// <summary>Cancelled when the user presses Ctrl+C (StopProcessing).</summary>
    protected CancellationToken StopToken => _stopping.Token;

    protected virtual Task BeginProcessingAsync() => Task.CompletedTask;
    protected virtual Task ProcessRecordAsync() => Task.CompletedTask;
    protected virtual Task EndProcessingAsync() => Task.CompletedTask;

    protected sealed override void BeginProcessing() => Run(BeginProcessingAsync);
    protected sealed override void ProcessRecord() => Run(ProcessRecordAsync);
    protected sealed override void EndProcessing() => Run(EndProcessingAsync);
    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>Writes an object from any thread; completes once the pipeline took it.</summary>
    protected Task WriteObjectAsync(object value) => OnPipeline(() => WriteOne(value));

    /// <summary>
    /// Writes several objects in one hand-off to the pipeline thread: a stream of small results (one
    /// per line of a file) then costs one queue trip per batch of them rather than one each.
    /// </summary>
    protected Task WriteObjectsAsync(IReadOnlyList<object> values) => OnPipeline(() =>
    {
        foreach (var value in values)
        {
            WriteOne(value);
        }
    });

    /// <summary>
    /// Writes a file as Get-Item would (a FileInfo the FileSystem provider decorated, so its default
    /// view has the folder header, mode and size), read on the pipeline thread where the session state is.
    /// </summary>
    protected Task WriteItemAsync(string path) => OnPipeline(() =>
    {
        foreach (var item in SessionState.InvokeProvider.Item.Get(new[] { path }, force: true, literalPath: true))
        {
            WriteOne(item);
        }
    });

    private void WriteOne(object value)
    {
        if (_outputClosed)
        {
            return;
        }
        try
        {
            WriteObject(value);
        }
        catch (PipelineStoppedException stop)
        {
            // A downstream command has all it wants (Select-Object -First), or Ctrl+C: the record's
            // work goes on without output, so it can still say how an upload was left, and the stop
            // is passed on once this record is done.
            _outputClosed = true;
            _downstreamStop = ExceptionDispatchInfo.Capture(stop);
        }
    }

    protected Task WriteErrorAsync(ErrorRecord record) => OnPipeline(() => WriteError(record));
    /// <summary>
    /// A warning, also after Ctrl+C: PowerShell refuses writes to a stopping pipeline, yet that is
    /// when a user most needs to hear how an upload was left. Then it goes to the console and to
    /// -WarningVariable directly.
    /// </summary>
    protected Task WriteWarningAsync(string text) => OnPipeline(() =>
    {
        text = SafeText.Of(text);
        try
        {
            WriteWarning(text);
        }
        catch (PipelineStoppedException) when (_stopping.IsCancellationRequested)
        {
            WarnAfterStop(text);
        }
    });
    protected Task WriteVerboseAsync(string text) => OnPipeline(() => UnlessStopped(() => WriteVerbose(SafeText.Of(text))));
    protected Task WriteDebugAsync(string text) => OnPipeline(() => UnlessStopped(() => WriteDebug(SafeText.Of(text))));

    /// <summary>Verbose and debug lines of the clean-up after Ctrl+C are dropped: PowerShell takes no more writes then.</summary>
    private void UnlessStopped(Action write)
    {
        try
        {
            write();
        }
        catch (PipelineStoppedException) when (_stopping.IsCancellationRequested)
        {
        }
    }
    /// <summary>Progress is only a view: once the pipeline is stopping it is dropped, never a failure.</summary>
    protected Task WriteProgressAsync(ProgressRecord record) => OnPipeline(() =>
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }
        try
        {
            WriteProgress(record);
        }
        catch (PipelineStoppedException)
        {
        }
    });

    /// <summary>ShouldProcess, asked on the pipeline thread whichever thread asks.</summary>
    protected Task<bool> ShouldProcessAsync(string target, string action) => OnPipeline(() => ShouldProcess(SafeText.Of(target), SafeText.Of(action)));

    /// <summary>
    /// ShouldProcess with a whole sentence as the What-if text, which also says whether -WhatIf
    /// answered: a caller that asks once for a whole stream can then report a summary at the end,
    /// and never asks a -Confirm user twice.
    /// </summary>
    protected Task<(bool Proceed, bool WhatIf)> ShouldProcessWithReasonAsync(string description) => OnPipeline(() =>
    {
        var proceed = ShouldProcess(SafeText.Of(description), null, null, out var reason);
        return (proceed, reason == ShouldProcessReason.WhatIf);
    });

    /// <summary>An engine failure for one record: an error record, and the pipeline goes on.</summary>
    protected Task WriteErrorAsync(OpenAIException error, object? target = null)
    {
        error.Target ??= target;
        return WriteErrorAsync(ErrorRecords.From(error));
    }

    /// <summary>
    /// Runs the work for each item; an engine failure becomes that item's error record (with the
    /// item as its target) and the next item goes on. Failures of the invocation end the command.
    /// </summary>
    protected async Task ForEachAsync<T>(IEnumerable<T> items, Func<T, Task> work, Func<T, object?>? target = null)
    {
        foreach (var item in items)
        {
            await ForOneAsync(target is null ? item : target(item), () => work(item)).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the work for one item; an engine failure becomes its error record with <paramref name="target"/>.</summary>
    protected async Task ForOneAsync(object? target, Func<Task> work)
    {
        try
        {
            await work().ConfigureAwait(false);
        }
        catch (OpenAIException error) when (!ErrorRecords.EndsTheCommand(error))
        {
            await WriteErrorAsync(error, target).ConfigureAwait(false);
        }
    }

    /// <summary>A log the engine can write to: verbose and debug lines, from any thread.</summary>
    internal IRequestLog Log => new CmdletLog(this);

    /// <summary>
    /// Runs <paramref name="action"/> on the pipeline thread, from any thread; a wait that
    /// <paramref name="cancellationToken"/> ends (Ctrl+C, a clean-up deadline) stops waiting for it.
    /// </summary>
    protected async Task<T> RunOnPipelineAsync<T>(Func<T> action, CancellationToken cancellationToken)
    {
        var run = OnPipeline(action);
        if (run.IsCompleted)
        {
            return await run.ConfigureAwait(false);
        }
        var stopped = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(() => stopped.TrySetResult(true)))
        {
            if (await Task.WhenAny(run, stopped.Task).ConfigureAwait(false) != run)
            {
                throw new OperationCanceledException(cancellationToken);
            }
        }
        return await run.ConfigureAwait(false);
    }

    private Task OnPipeline(Action action) => OnPipeline(() =>
    {
        action();
        return true;
    });

    private Task<T> OnPipeline<T>(Func<T> action)
    {
        if (Environment.CurrentManagedThreadId == _pipelineThread)
        {
            return Task.FromResult(action());
        }
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Enqueue(() =>
        {
            try
            {
                done.TrySetResult(action());
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
        });
        _signal.Release();
        return done.Task;
    }

    private void Run(Func<Task> work)
    {
        _pipelineThread = Environment.CurrentManagedThreadId;
        Task task;
        try
        {
            task = work();
        }
        catch (Exception ex)
        {
            task = Task.FromException(ex);
        }
        if (!task.IsCompleted)
        {
            task.ContinueWith(_ => _signal.Release(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            while (true)
            {
                Drain();
                if (task.IsCompleted)
                {
                    break;
                }
                _signal.Wait();
            }
        }
        Drain();
        Finish(task);
    }

    private void Drain()
    {
        while (_queue.TryDequeue(out var action))
        {
            action();
        }
    }

    /// <summary>
    /// The one place where failures become what PowerShell shows. An engine failure fails its
    /// record (an error record, and the pipeline goes on), unless it is about the invocation itself,
    /// such as a missing key, which no later record could get past.
    /// </summary>
    private void Finish(Task task)
    {
        var failure = task.Exception?.GetBaseException();
        if ((failure is OperationCanceledException || task.IsCanceled) && _stopping.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        if (failure is OperationCanceledException || task.IsCanceled)
        {
            // Not Ctrl+C: something gave up waiting. The record fails visibly rather than ending with nothing.
            failure = new OpenAIException(ErrorIds.RequestTimeout, "The operation was cancelled before it finished, without Ctrl+C: a wait timed out.", failure);
        }
        if (failure is OpenAIException error)
        {
            var record = ErrorRecords.From(error);
            if (ErrorRecords.EndsTheCommand(error))
            {
                ThrowTerminatingError(record);
            }
            WriteError(record);
        }
        else if (failure is not null)
        {
            ExceptionDispatchInfo.Capture(failure).Throw();
        }
        _downstreamStop?.Throw();
    }

    /// <summary>Called from Dispose after Ctrl+C, on the pipeline thread: the last chance to end work the stop left open.</summary>
    protected virtual void EndAfterStop()
    {
    }

    /// <summary>Called from Dispose whichever way the command ended: temp files and the like go here.</summary>
    protected virtual void ReleaseResources()
    {
    }

    /// <summary>A warning written after Ctrl+C, to the console and to -WarningVariable, as PowerShell no longer takes writes.</summary>
    protected void WarnAfterStop(string text)
    {
        var preference = MyInvocation.BoundParameters.TryGetValue("WarningAction", out var action)
            ? (ActionPreference)action
            : SessionState.PSVariable.GetValue("WarningPreference") is ActionPreference set ? set : ActionPreference.Continue;
        if (preference is not (ActionPreference.SilentlyContinue or ActionPreference.Ignore))
        {
            Host.UI.WriteWarningLine(text);
        }
        if (MyInvocation.BoundParameters.TryGetValue("WarningVariable", out var variable) && variable is string { Length: > 0 } name)
        {
            // PowerShell made the list when the command started, and it may hold earlier warnings: add to it.
            name = name.TrimStart('+');
            if (SessionState.PSVariable.GetValue(name) is System.Collections.IList existing)
            {
                existing.Add(new WarningRecord(text));
            }
            else
            {
                SessionState.PSVariable.Set(name, new System.Collections.ArrayList { new WarningRecord(text) });
            }
        }
    }

    public void Dispose()
    {
        if (_stopping.IsCancellationRequested)
        {
            try
            {
                EndAfterStop();
            }
            catch (Exception ex) when (ex is OpenAIException or InvalidOperationException or PipelineStoppedException)
            {
                // Clean-up after a stop is best effort: Dispose must not throw.
            }
        }
        ReleaseResources();
        _stopping.Dispose();
        _signal.Dispose();
        GC.SuppressFinalize(this);
    }

    private sealed class CmdletLog : IRequestLog
    {
        private readonly AsyncCmdlet _cmdlet;

        public CmdletLog(AsyncCmdlet cmdlet) => _cmdlet = cmdlet;

        public void Verbose(string message) => _ = _cmdlet.WriteVerboseAsync(message);
        public void Debug(string message) => _ = _cmdlet.WriteDebugAsync(message);
    }
}
