using System.Collections.Concurrent;
using OpenAI.Emulator.Batches;
using OpenAI.Emulator.Http;

namespace OpenAI.Emulator;

/// <summary>
/// Runs batches in the background and lets tests steer them: pause, step, expire, wait, and the
/// pace and failure knobs (which read and write the server's <see cref="EmulatorOptions"/>).
/// </summary>
public sealed class BatchProcessor
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

    private readonly ConcurrentDictionary<string, BatchRecord> _batches = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly EmulatorOptions _options;
    private readonly ManualClock _clock;
    private readonly BatchRunner _runner;
    private readonly object _gate = new();
    private bool _paused;
    private int _steps;
    private long _sequence;

    internal BatchProcessor(EmulatorOptions options, ManualClock clock, EmulatorState state, BatchLineExecutor executor)
    {
        _options = options;
        _clock = clock;
        _runner = new BatchRunner(this, state, options, clock, executor);
    }

    /// <summary>Wait before each line is run.</summary>
    public TimeSpan LineDelay { get => _options.BatchLineDelay; set => _options.BatchLineDelay = value; }

    /// <summary>Wait before each status step (validating → in_progress, finalizing → completed).</summary>
    public TimeSpan StepDelay { get => _options.BatchStepDelay; set => _options.BatchStepDelay = value; }

    /// <summary>Every Nth line (1-based; 0 = none) fails with <see cref="FailStatus"/>.</summary>
    public int FailEveryNthLine { get => _options.BatchFailEveryNthLine; set => _options.BatchFailEveryNthLine = value; }

    /// <summary>A share (0..1) of lines that fail with <see cref="FailStatus"/>, the same lines for the same <see cref="FailSeed"/>.</summary>
    public double FailShare
    {
        get => _options.BatchFailShare;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 0.0);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1.0);
            _options.BatchFailShare = value;
        }
    }

    public int FailSeed { get => _options.BatchFailSeed; set => _options.BatchFailSeed = value; }

    /// <summary>Status code of the lines <see cref="FailEveryNthLine"/> fails (e.g. 500 or 400).</summary>
    public int FailStatus { get => _options.BatchFailStatus; set => _options.BatchFailStatus = value; }

    /// <summary>Bytes of each image in batch image lines: 0 for the small generated PNGs, or about this many of incompressible noise.</summary>
    public int ImageNoiseBytes
    {
        get => _options.BatchImageNoiseBytes;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxImageNoiseBytes);
            _options.BatchImageNoiseBytes = value;
        }
    }

    /// <summary>The largest noise image: 64 MiB, more than any image the API makes.</summary>
    public const int MaxImageNoiseBytes = 64 << 20;

    public bool IsPaused { get { lock (_gate) { return _paused; } } }

    /// <summary>Holds every batch at its next gate (before validation, before each line, before finalizing).</summary>
    public void Pause()
    {
        lock (_gate)
        {
            _paused = true;
            _steps = 0;
        }
    }

    public void Resume()
    {
        lock (_gate)
        {
            _paused = false;
            _steps = 0;
        }
    }

    /// <summary>While paused, lets <paramref name="gates"/> more gates pass (shared by all batches).</summary>
    public void Step(int gates = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(gates);
        lock (_gate)
        {
            _steps += gates;
        }
    }

    public BatchRecord? Get(string batchId) => _batches.TryGetValue(batchId, out var batch) ? batch : null;

    /// <summary>All batches, newest first.</summary>
    public IReadOnlyList<BatchRecord> List() =>
        _batches.Values.OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Sequence).ToArray();

    /// <summary>
    /// Expires a batch now, as if its 24h window had passed: lines already run keep their results and the
    /// rest go to the error file as batch_expired. False when it is finalizing, cancelling or over.
    /// </summary>
    public bool Expire(string batchId) => Get(batchId)?.RequestExpiry() ?? false;

    /// <summary>Waits until the batch is failed, completed, expired or cancelled.</summary>
    public Task<BatchRecord> WaitForTerminalAsync(string batchId, TimeSpan? timeout = null) =>
        WaitUntilAsync(batchId, b => b.IsTerminal, timeout);

    /// <summary>Waits until <paramref name="condition"/> holds for the batch (polled every few ms).</summary>
    /// <exception cref="TimeoutException">Not within <paramref name="timeout"/> (default 30 s).</exception>
    public async Task<BatchRecord> WaitUntilAsync(string batchId, Func<BatchRecord, bool> condition, TimeSpan? timeout = null)
    {
        var batch = Get(batchId) ?? throw new KeyNotFoundException($"No batch '{batchId}'.");
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!condition(batch))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Batch {batchId} did not reach the condition; it is {batch.Status}.");
            }

            await Task.Delay(PollInterval);
        }

        return batch;
    }

    internal BatchRecord Create(BatchCreateRequest request)
    {
        var batch = new BatchRecord(
            "batch_" + Ids.Hex(32), request.Endpoint, request.InputFileId, _clock.UtcNow,
            request.Metadata, request.OutputExpiresAfterSeconds, Interlocked.Increment(ref _sequence), request.ViaAzure);
        _batches[batch.Id] = batch;
        _running[batch.Id] = Task.Run(() => _runner.RunAsync(batch, _shutdown.Token));
        return batch;
    }

    internal bool Cancel(BatchRecord batch) => batch.RequestCancel(_clock.UtcNow);

    /// <summary>
    /// Waits for its turn: true to go on, false when the batch is to stop (cancel, expiry, or its
    /// expires_at passed on the clock). Gates that pass while paused use up a step.
    /// </summary>
    internal async Task<bool> WaitTurnAsync(BatchRecord batch, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_clock.UtcNow >= batch.ExpiresAt)
            {
                batch.RequestExpiry();
            }

            if (batch.Stop != StopReason.None)
            {
                return false;
            }

            lock (_gate)
            {
                if (!_paused)
                {
                    return true;
                }

                if (_steps > 0)
                {
                    _steps--;
                    return true;
                }
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>Stops all runs (on server dispose) so none writes to storage being deleted.</summary>
    internal async Task StopAsync()
    {
        await _shutdown.CancelAsync();
        try
        {
            await Task.WhenAll(_running.Values).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            // Runs end on their own once cancelled; a stuck one must not block dispose.
        }
    }
}
