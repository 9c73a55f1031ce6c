namespace OpenAI.Emulator;

public enum FaultKind
{
    /// <summary>Answer with Status, Headers and OpenAI's error JSON; the handler does not run.</summary>
    Status,

    /// <summary>Read AbortAfterBytes of the request body, then abort the connection.</summary>
    AbortRequestMidBody,

    /// <summary>Run the handler but send only AbortAfterBytes of its body, then abort.</summary>
    AbortResponseMidBody,

    /// <summary>Wait Delay, then run the handler normally.</summary>
    Delay,

    /// <summary>
    /// Run the handler, then wait Delay before the answer's first byte: the request's effect is
    /// stored, its answer late. An error the handler throws is answered at once.
    /// </summary>
    HoldAnswer,
}

/// <summary>A fault to inject into matching requests.</summary>
public sealed record Fault
{
    /// <summary>Ordinal substring of the request path, e.g. "/parts"; null = any.</summary>
    public string? PathContains { get; init; }

    /// <summary>HTTP method (case-insensitive); null = any.</summary>
    public string? Method { get; init; }

    public FaultKind Kind { get; init; }
    public int Status { get; init; } = 500;

    /// <summary>Extra response headers, e.g. retry-after, retry-after-ms, x-should-retry.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Error type; default per status (429 → "requests", 5xx → "server_error").</summary>
    public string? ErrorType { get; init; }

    /// <summary>Error code; default per status (429 → "rate_limit_exceeded").</summary>
    public string? ErrorCode { get; init; }

    public string? Message { get; init; }
    public TimeSpan Delay { get; init; }
    public long AbortAfterBytes { get; init; }

    /// <summary>For a queued fault: how many matching requests pass untouched before it fires.</summary>
    public int SkipMatches { get; init; }

    internal bool Matches(string method, string path) =>
        (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase)) &&
        (PathContains is null || path.Contains(PathContains, StringComparison.Ordinal));

    /// <summary>A status fault with OpenAI's error JSON.</summary>
    public static Fault Http(
        int status,
        string? pathContains = null,
        IReadOnlyDictionary<string, string>? headers = null,
        string? code = null,
        string? method = null,
        string? type = null,
        string? message = null) => new()
        {
            Kind = FaultKind.Status,
            Status = status,
            PathContains = pathContains,
            Headers = headers,
            ErrorCode = code,
            Method = method,
            ErrorType = type,
            Message = message,
        };

    /// <summary>Same as <see cref="Http"/>.</summary>
    public static Fault StatusCode(
        int status,
        string? pathContains = null,
        IReadOnlyDictionary<string, string>? headers = null,
        string? code = null,
        string? method = null) => Http(status, pathContains, headers, code, method);

    /// <summary>
    /// 429 with the rate-limit error body and, when <paramref name="retryAfter"/> is given, retry-after-ms; with
    /// <paramref name="alsoRetryAfterSeconds"/> also retry-after in whole seconds (rounded up), as Azure OpenAI's 429s carry both.
    /// </summary>
    public static Fault RateLimited(
        string? pathContains = null, TimeSpan? retryAfter = null, string? method = null, bool alsoRetryAfterSeconds = false) =>
        Http(429, pathContains, retryAfter is { } wait ? RetryHeaders(wait, alsoRetryAfterSeconds) : null, method: method);

    private static Dictionary<string, string> RetryHeaders(TimeSpan wait, bool alsoSeconds)
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        var headers = new Dictionary<string, string> { ["retry-after-ms"] = ((long)wait.TotalMilliseconds).ToString(culture) };
        if (alsoSeconds)
        {
            headers["retry-after"] = ((long)Math.Ceiling(wait.TotalSeconds)).ToString(culture);
        }

        return headers;
    }

    /// <summary>429 insufficient_quota, which clients must not retry.</summary>
    public static Fault InsufficientQuota(string? pathContains = null, string? method = null) =>
        Http(429, pathContains, code: "insufficient_quota", method: method);

    public static Fault AbortRequest(string? pathContains, long afterBytes, string? method = null) => new()
    {
        Kind = FaultKind.AbortRequestMidBody,
        PathContains = pathContains,
        AbortAfterBytes = afterBytes,
        Method = method,
    };

    public static Fault AbortResponse(string? pathContains, long afterBytes, string? method = null) => new()
    {
        Kind = FaultKind.AbortResponseMidBody,
        PathContains = pathContains,
        AbortAfterBytes = afterBytes,
        Method = method,
    };

    public static Fault HoldAnswer(string? pathContains, TimeSpan delay, string? method = null) => new()
    {
        Kind = FaultKind.HoldAnswer,
        PathContains = pathContains,
        Delay = delay,
        Method = method,
    };

    public static Fault Slow(string? pathContains, TimeSpan delay, string? method = null) => new()
    {
        Kind = FaultKind.Delay,
        PathContains = pathContains,
        Delay = delay,
        Method = method,
    };
}
