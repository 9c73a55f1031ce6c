using System.Diagnostics;
using System.Net.Http;
using System.Net.Http.Headers;

namespace OpenAI.PowerShell.Http;

/// <summary>Which try this is, for the policies that report it.</summary>
internal sealed class TryContext
{
    public TryContext(int attempt, int tries)
    {
        Attempt = attempt;
        Tries = tries;
    }

    public int Attempt { get; }
    public int Tries { get; }
    public Stopwatch Started { get; } = Stopwatch.StartNew();
}

internal delegate Task<TryResult> SendTry(HttpRequestMessage request, TryContext context, CancellationToken cancellationToken);

/// <summary>
/// One step around a single try. <see cref="OpenAIClient"/> runs its policies in order, each
/// calling the next, and the transport last; <see cref="RetryPolicy"/> runs the whole chain once a try.
/// </summary>
internal abstract class RequestPolicy
{
    public abstract Task<TryResult> SendAsync(HttpRequestMessage request, TryContext context, SendTry next, CancellationToken cancellationToken);
}

/// <summary>Puts the key and the account headers on every try, so a retried request is signed afresh.</summary>
internal sealed class AuthPolicy : RequestPolicy
{
    private static readonly string UserAgent = "OpenAI.PowerShell/" + typeof(AuthPolicy).Assembly.GetName().Version?.ToString(3);
    private readonly ClientSettings _settings;

    public AuthPolicy(ClientSettings settings) => _settings = settings;

    public override Task<TryResult> SendAsync(HttpRequestMessage request, TryContext context, SendTry next, CancellationToken cancellationToken)
    {
        var key = _settings.ApiKey!.Reveal();
        if (_settings.UsesAzureKeyHeader)
        {
            request.Headers.TryAddWithoutValidation("api-key", key);
        }
        else
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        if (_settings.Organization is { } organization)
        {
            request.Headers.TryAddWithoutValidation("OpenAI-Organization", organization);
        }
        if (_settings.Project is { } project)
        {
            request.Headers.TryAddWithoutValidation("OpenAI-Project", project);
        }
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        return next(request, context, cancellationToken);
    }
}

/// <summary>
/// Reports each try: its headers with the key redacted (debug), and what came of it (verbose):
/// status, request id, attempt and time, or the timeout or the connection failure.
/// </summary>
internal sealed class LoggingPolicy : RequestPolicy
{
    private readonly IRequestLog _log;

    public LoggingPolicy(IRequestLog log) => _log = log;

    public override async Task<TryResult> SendAsync(HttpRequestMessage request, TryContext context, SendTry next, CancellationToken cancellationToken)
    {
        var what = $"{request.Method} {request.RequestUri}";
        var headers = request.Headers.Select(h => $"{h.Key}: {Redact(h.Key, string.Join(", ", h.Value))}");
        _log.Debug($"{what} headers: {string.Join("; ", headers)}");
        var result = await next(request, context, cancellationToken).ConfigureAwait(false);
        var ms = context.Started.ElapsedMilliseconds;
        var attempt = $"attempt {context.Attempt}/{context.Tries}";
        if (result.Response is { } response)
        {
            _log.Verbose($"{what} -> {(int)response.StatusCode} request {RequestIds.Of(response) ?? "-"} {attempt} in {ms} ms");
        }
        else if (result.Failure is { StatusCode: { } status } failure)
        {
            _log.Verbose($"{what} -> {(int)status} request {failure.RequestId ?? "-"} {attempt} in {ms} ms");
        }
        else if (result.Failure?.ErrorId == ErrorIds.RequestTimeout)
        {
            _log.Verbose($"{what} timed out after {ms} ms, {attempt}");
        }
        else
        {
            _log.Verbose($"{what} failed to connect or was cut off ({result.Reason}), {attempt}");
        }
        return result;
    }

    internal static string Redact(string header, string value) =>
        header.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || header.Equals("api-key", StringComparison.OrdinalIgnoreCase)
            ? "[redacted]"
            : value;
}

internal static class RequestIds
{
    public static string? Of(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-request-id", out var values) ? values.FirstOrDefault() : null;
}
