using System.Globalization;
using System.Net.Http;

namespace OpenAI.PowerShell.Http;

/// <summary>
/// The upstream SDK's retry rule with a cap: retry connection errors, timeouts, 408, 409, 429 and 5xx,
/// let x-should-retry override, never retry insufficient_quota, and honour Retry-After up to 120 s.
/// </summary>
internal sealed class RetryPolicy
{
    public static readonly TimeSpan MaxServerDelay = TimeSpan.FromSeconds(120);
    private static readonly Random SharedRandom = new();

    public RetryPolicy(int maxRetries = ClientSettings.DefaultMaxRetries) => MaxRetries = Math.Max(0, maxRetries);

    public int MaxRetries { get; }

    /// <summary>Returns a factor in [0.75, 1.0]; replaceable so tests can pin it.</summary>
    public Func<double> Jitter { get; init; } = () =>
    {
        lock (SharedRandom)
        {
            return 1 - 0.25 * SharedRandom.NextDouble();
        }
    };

    /// <summary>How the policy waits; replaceable so tests can record waits instead of sleeping.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = (delay, token) => Task.Delay(delay, token);

    public Func<DateTimeOffset> Now { get; init; } = () => DateTimeOffset.UtcNow;

    /// <summary>min(0.5 * 2^n, 8) seconds, times the jitter factor; n counts retries from 0.</summary>
    public TimeSpan Backoff(int retryNumber)
    {
        var seconds = Math.Min(0.5 * Math.Pow(2, retryNumber), 8.0);
        return TimeSpan.FromSeconds(seconds * Jitter());
    }

    public static bool IsRetryableStatus(int status, string? errorCode)
    {
        if (status == 429 && string.Equals(errorCode, "insufficient_quota", StringComparison.Ordinal))
        {
            return false;
        }
        return status is 408 or 409 or 429 || status >= 500;
    }

    /// <summary>The x-should-retry header, when the server sent one.</summary>
    public static bool? ShouldRetryHeader(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("x-should-retry", out var values))
        {
            var value = values.FirstOrDefault();
            if (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
            if (string.Equals(value, "false", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }
        return null;
    }

    /// <summary>retry-after-ms first, then retry-after as seconds or an HTTP date.</summary>
    public TimeSpan? ServerRequestedDelay(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("retry-after-ms", out var msValues)
            && double.TryParse(msValues.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }
        if (response.Headers.TryGetValues("retry-after", out var values))
        {
            var raw = values.FirstOrDefault()?.Trim();
            if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            {
                return TimeSpan.FromSeconds(seconds);
            }
            if (DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            {
                var wait = date - Now();
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
        }
        return null;
    }

    /// <summary>
    /// How long to wait before the next try after <paramref name="result"/> failed on try
    /// <paramref name="attempt"/>. Throws the failure when it is final or the retries ran out, and
    /// fails when the server asks to wait longer than <see cref="MaxServerDelay"/> (saying how long).
    /// </summary>
    public TimeSpan WaitBeforeRetry(TryResult result, int attempt)
    {
        var failure = result.Failure!;
        if (!result.Retryable || attempt > MaxRetries)
        {
            throw failure;
        }
        if (result.ServerDelay > MaxServerDelay)
        {
            throw new OpenAIException(ErrorIds.RetryAfterTooLong,
                $"{failure.Message} The server asked to wait {result.ServerDelay.Value.TotalSeconds:0} s before retrying, more than the {MaxServerDelay.TotalSeconds:0} s this module waits. Try again later.",
                failure)
            {
                StatusCode = failure.StatusCode, ErrorType = failure.ErrorType, ErrorCode = failure.ErrorCode,
                Param = failure.Param, RequestId = failure.RequestId, Attempts = attempt,
            };
        }
        return result.ServerDelay ?? Backoff(attempt - 1);
    }
}

/// <summary>What one try gave: a successful response, or a failure and whether it may be retried.</summary>
internal sealed class TryResult
{
    private TryResult(HttpResponseMessage? response, OpenAIException? failure, bool retryable, TimeSpan? serverDelay, string? reason)
    {
        Response = response;
        Failure = failure;
        Retryable = retryable;
        ServerDelay = serverDelay;
        Reason = reason;
    }

    public HttpResponseMessage? Response { get; }
    public OpenAIException? Failure { get; }
    public bool Retryable { get; }
    /// <summary>Retry-After (or retry-after-ms) from the server, when it gave one.</summary>
    public TimeSpan? ServerDelay { get; }
    /// <summary>Why the connection failed, when no answer came.</summary>
    public string? Reason { get; }

    public static TryResult Success(HttpResponseMessage response) => new(response, null, false, null, null);

    public static TryResult Failed(OpenAIException failure, bool retryable, TimeSpan? serverDelay, string? reason = null) =>
        new(null, failure, retryable, serverDelay, reason);
}
