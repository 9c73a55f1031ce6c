using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using OpenAI.PowerShell.Http;

namespace OpenAI.PowerShell.Hosting;

/// <summary>
/// Runs async command logic while the calling (pipeline) thread drains a queue of host calls,
/// so no Write* or ShouldProcess ever runs on a worker thread. One bridge per cmdlet instance;
/// it also serves as the HTTP client's log, forwarding to whichever run is active.
/// </summary>
public sealed class PipelineBridge : IRequestLog
{
    private readonly ICommandHost _pipelineHost;
    private volatile MarshallingHost? _current;

    public PipelineBridge(ICommandHost pipelineHost) => _pipelineHost = pipelineHost;

    public void Run(Func<ICommandHost, Task> work)
    {
        using var queue = new BlockingCollection<Action>();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_pipelineHost.CancellationToken);
        var host = new MarshallingHost(_pipelineHost, queue, cancellation.Token, Environment.CurrentManagedThreadId);
        _current = host;
        try
        {
            var task = Task.Run(() => work(host));
            task.ContinueWith(_ => queue.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            ExceptionDispatchInfo? hostFailure = null;
            foreach (var action in queue.GetConsumingEnumerable())
            {
                if (hostFailure is not null)
                {
                    continue;
                }
                try
                {
                    action();
                }
                catch (Exception ex)
                {
                    // The pipeline refused a write (for example it was stopped downstream): stop the work.
                    hostFailure = ExceptionDispatchInfo.Capture(ex);
                    cancellation.Cancel();
                }
            }
            try
            {
                task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (hostFailure is not null)
            {
            }
            hostFailure?.Throw();
        }
        finally
        {
            _current = null;
        }
    }

    void IRequestLog.Verbose(string message) => (_current as ICommandHost ?? _pipelineHost).WriteVerbose(message);

    void IRequestLog.Debug(string message) => (_current as ICommandHost ?? _pipelineHost).WriteDebug(message);

    private sealed class MarshallingHost : ICommandHost
    {
        private readonly ICommandHost _inner;
        private readonly BlockingCollection<Action> _queue;
        private readonly int _pipelineThreadId;

        public MarshallingHost(ICommandHost inner, BlockingCollection<Action> queue, CancellationToken token, int pipelineThreadId)
        {
            _inner = inner;
            _queue = queue;
            CancellationToken = token;
            _pipelineThreadId = pipelineThreadId;
        }

        public CancellationToken CancellationToken { get; }

        public void WriteObject(object value) => Post(() => _inner.WriteObject(value));
        public void WriteVerbose(string message) => Post(() => _inner.WriteVerbose(message));
        public void WriteDebug(string message) => Post(() => _inner.WriteDebug(message));
        public void WriteWarning(string message) => Post(() => _inner.WriteWarning(message));
        public void WriteProgress(ProgressInfo progress) => Post(() => _inner.WriteProgress(progress));
        public void WriteError(OpenAIException error) => Post(() => _inner.WriteError(error));

        public bool ShouldProcess(string target, string action)
        {
            if (Environment.CurrentManagedThreadId == _pipelineThreadId)
            {
                return _inner.ShouldProcess(target, action);
            }
            var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            Post(() =>
            {
                try
                {
                    answer.SetResult(_inner.ShouldProcess(target, action));
                }
                catch (Exception ex)
                {
                    answer.SetException(ex);
                    throw;
                }
            });
            // If the run is torn down before the pipeline thread answers, give up instead of waiting forever.
            using (CancellationToken.Register(() => answer.TrySetCanceled()))
            {
                return answer.Task.GetAwaiter().GetResult();
            }
        }

        private void Post(Action action)
        {
            if (Environment.CurrentManagedThreadId == _pipelineThreadId)
            {
                action();
                return;
            }
            try
            {
                _queue.Add(action, CancellationToken.None);
            }
            catch (InvalidOperationException)
            {
                // The run has finished; a late message has nowhere to go.
            }
        }
    }
}
