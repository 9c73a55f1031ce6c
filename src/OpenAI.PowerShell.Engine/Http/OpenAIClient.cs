using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Http;

/// <summary>
/// Sends requests. Each operation gives its method, path and content; the content is produced by a
/// factory so that a retried request re-reads its source (a file range is read again, never
/// buffered whole). Each try builds the request afresh, signs it (key and account headers), logs its
/// headers redacted, sends it with its own timeout, classifies the answer and logs the outcome;
/// <see cref="RetryPolicy"/> says whether and when to try again.
/// </summary>
internal sealed class OpenAIClient
{
    private static readonly string UserAgent = "OpenAI.PowerShell/" + typeof(OpenAIClient).Assembly.GetName().Version?.ToString(3);
    private readonly HttpClient _http;
    private readonly IRequestLog _log;

    public OpenAIClient(ClientSettings settings, IRequestLog? log = null, RetryPolicy? retry = null, HttpClient? http = null)
    {
        SettingsResolver.EnsureSafeToSend(settings);
        Settings = settings;
        _log = log ?? NullRequestLog.Instance;
        Retry = retry ?? new RetryPolicy(settings.MaxRetries);
        _http = http ?? HttpClientPool.Get(settings);
    }

    public ClientSettings Settings { get; }
    /// <summary>Where this client's requests are reported; use cases add their own lines to it.</summary>
    public IRequestLog Log => _log;
    public RetryPolicy Retry { get; }

    public async Task<T> SendJsonAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        Func<HttpContent>? content = body is null ? null : () => JsonContent.Create(body, body.GetType(), options: JsonDefaults.Options);
        using var response = await SendAsync(method, path, content, cancellationToken).ConfigureAwait(false);
        return await ReadAnswerAsync<T>(response, cancellationToken).ConfigureAwait(false);
    }

    public async Task<T> SendForJsonAsync<T>(HttpMethod method, string path, Func<HttpContent>? content, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, content, cancellationToken).ConfigureAwait(false);
        return await ReadAnswerAsync<T>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends with retries and returns a successful response whose body has not been read yet
    /// (for streams). The caller disposes it.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Func<HttpContent>? content, CancellationToken cancellationToken)
    {
        var uri = Resolve(path);
        var refreshed = false;
        for (var attempt = 1; ; attempt++)
        {
            TryResult result;
            var credential = await CredentialAsync(refresh: false, cancellationToken).ConfigureAwait(false);
            using (var request = BuildRequest(method, uri, content))
            {
                Sign(request, credential);
                result = await SendLoggedAsync(request, attempt, cancellationToken).ConfigureAwait(false);
            }
            if (result.Response is { } response)
            {
                return response;
            }
            if (result.Failure?.StatusCode == System.Net.HttpStatusCode.Unauthorized && Settings.AccessToken is { CanRefresh: true } && !refreshed)
            {
                // A token revoked or lapsed early: ask the provider once more, and try again without counting a retry.
                refreshed = true;
                _log.Verbose($"{method} {uri} was refused (401): asking the -AccessToken script block for a new token.");
                await CredentialAsync(refresh: true, cancellationToken).ConfigureAwait(false);
                attempt--;
                continue;
            }
            var wait = Retry.WaitBeforeRetry(result, attempt);
            _log.Verbose($"Retrying {method} {uri} in {wait.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s ({result.Failure!.ErrorId}).");
            await Retry.Delay(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The key, or the access token (asked again when near its expiry, or after a 401 when <paramref name="refresh"/>).</summary>
    private async Task<ApiKey> CredentialAsync(bool refresh, CancellationToken cancellationToken) =>
        Settings.AccessToken is { } token
            ? await token.GetAsync(Settings.TokenFetcher, refresh, Retry.Now(), cancellationToken).ConfigureAwait(false)
            : Settings.ApiKey!;

    /// <summary>The key and the account headers, put on every try, so a retried request is signed afresh.</summary>
    private void Sign(HttpRequestMessage request, ApiKey credential)
    {
        var key = credential.Reveal();
        if (Settings.UsesAzureKeyHeader)
        {
            request.Headers.TryAddWithoutValidation("api-key", key);
        }
        else
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        if (Settings.Organization is { } organization)
        {
            request.Headers.TryAddWithoutValidation("OpenAI-Organization", organization);
        }
        if (Settings.Project is { } project)
        {
            request.Headers.TryAddWithoutValidation("OpenAI-Project", project);
        }
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
    }

    /// <summary>
    /// One try, reported: its headers with the key redacted (debug), and what came of it (verbose):
    /// status, request id, attempt and time, or the timeout or the connection failure.
    /// </summary>
    private async Task<TryResult> SendLoggedAsync(HttpRequestMessage request, int attempt, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var what = $"{request.Method} {request.RequestUri}";
        var headers = request.Headers.Select(h => $"{h.Key}: {Redact(h.Key, string.Join(", ", h.Value))}");
        _log.Debug($"{what} headers: {string.Join("; ", headers)}");
        var result = await TransportAsync(request, attempt, cancellationToken).ConfigureAwait(false);
        var ms = started.ElapsedMilliseconds;
        var tries = $"attempt {attempt}/{Retry.MaxRetries + 1}";
        if (result.Response is { } response)
        {
            _log.Verbose($"{what} -> {(int)response.StatusCode} request {RequestIds.Of(response) ?? "-"} {tries} in {ms} ms");
        }
        else if (result.Failure is { StatusCode: { } status } failure)
        {
            _log.Verbose($"{what} -> {(int)status} request {failure.RequestId ?? "-"} {tries} in {ms} ms");
        }
        else if (result.Failure?.ErrorId == ErrorIds.RequestTimeout)
        {
            _log.Verbose($"{what} timed out after {ms} ms, {tries}");
        }
        else
        {
            _log.Verbose($"{what} failed to connect or was cut off ({result.Reason}), {tries}");
        }
        return result;
    }

    internal static string Redact(string header, string value) =>
        header.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || header.Equals("api-key", StringComparison.OrdinalIgnoreCase)
            ? "[redacted]"
            : value;

    /// <summary>Sends one try with its own timeout and classifies what came back.</summary>
    private async Task<TryResult> TransportAsync(HttpRequestMessage request, int attempt, CancellationToken cancellationToken)
    {
        var what = $"{request.Method} {request.RequestUri}";
        using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attemptTimeout.CancelAfter(Settings.Timeout);
        HttpResponseMessage? response = null;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attemptTimeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return TryResult.Success(response);
            }
            var body = await ReadBodyAsync(response, attemptTimeout.Token).ConfigureAwait(false);
            var error = ErrorMapper.ParseBody(body);
            var failure = ErrorMapper.FromResponse(response, error, RequestIds.Of(response), attempt);
            var retryable = RetryPolicy.ShouldRetryHeader(response) ?? RetryPolicy.IsRetryableStatus((int)response.StatusCode, error?.Code);
            var serverDelay = Retry.ServerRequestedDelay(response);
            response.Dispose();
            return TryResult.Failed(failure, retryable, serverDelay);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            response?.Dispose();
            throw;
        }
        catch (OperationCanceledException ex)
        {
            response?.Dispose();
            return TryResult.Failed(new OpenAIException(ErrorIds.RequestTimeout,
                $"{what} timed out after {Settings.Timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s.", ex) { Attempts = attempt }, retryable: true, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            response?.Dispose();
            var reason = ConnectionFailure(ex, Settings.Proxy);
            return TryResult.Failed(new OpenAIException(ErrorIds.ConnectionFailed,
                $"{what} failed: {reason}", ex) { Attempts = attempt }, retryable: true, null, reason);
        }
    }

    /// <summary>
    /// Why a connection failed. Through a proxy every connection goes to the proxy, so a socket
    /// error is the proxy's, and the message names it: the API host alone would send people
    /// looking in the wrong place.
    /// </summary>
    public static string ConnectionFailure(Exception ex, Uri? proxy)
    {
        var reason = ex.GetBaseException().Message;
        return proxy is not null && ex.GetBaseException() is System.Net.Sockets.SocketException
            ? $"could not connect through the proxy '{proxy.GetLeftPart(UriPartial.Authority)}': {reason}"
            : reason;
    }

    internal Uri Resolve(string path)
    {
        if (Uri.TryCreate(path, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal))
        {
            return absolute;
        }
        // The operation's path goes after the base's path, and the base's query (an Azure api-version, a
        // gateway's token) stays at the end, after any query of the operation's own.
        var baseUri = Settings.BaseUri;
        var start = baseUri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/" + path.TrimStart('/');
        var baseQuery = baseUri.Query.TrimStart('?');
        if (baseQuery.Length == 0)
        {
            return new Uri(start);
        }
        return new Uri(start + (start.Contains('?') ? "&" : "?") + baseQuery);
    }

    /// <summary>The operation's request: method, address and content; <see cref="Sign"/> adds the headers.</summary>
    private static HttpRequestMessage BuildRequest(HttpMethod method, Uri uri, Func<HttpContent>? content)
    {
        var request = new HttpRequestMessage(method, uri);
        try
        {
            request.Content = content?.Invoke();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            request.Dispose();
            // A source file that cannot be opened is not a network fault: say so, and do not retry.
            throw new OpenAIException(ErrorIds.FileReadFailed,
                $"The data for {method} {uri} could not be read: {ex.Message}", ex);
        }
        return request;
    }

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
#if NET
        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
#else
        cancellationToken.ThrowIfCancellationRequested();
        return await response.Content.ReadAsStringAsync().ConfigureAwait(false);
#endif
    }

    /// <summary>How long a successful answer is still read after a stop.</summary>
    internal static readonly TimeSpan AnswerGrace = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Reads a successful answer. The server has done the work by now (a part it accepted, an upload
    /// it completed), so a stop that comes after the status line still lets the answer be read, for
    /// <see cref="AnswerGrace"/>: otherwise the caller would not know of work that was done.
    /// </summary>
    private static async Task<T> ReadAnswerAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var grace = new CancellationTokenSource();
        using var stopped = cancellationToken.Register(() => grace.CancelAfter(AnswerGrace));
        return await ReadJsonAsync<T>(response, grace.Token).ConfigureAwait(false);
    }

    private static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var value = await response.Content.ReadFromJsonAsync<T>(JsonDefaults.Options, cancellationToken).ConfigureAwait(false);
            return value ?? throw new JsonException("The body was empty.");
        }
        catch (JsonException ex)
        {
            throw new OpenAIException(ErrorIds.UnexpectedResponse,
                $"The server's answer could not be read: {ex.Message}", ex) { RequestId = RequestIds.Of(response) };
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            // The request was handled but its answer was cut off; resending could repeat it, so report it.
            throw new OpenAIException(ErrorIds.ConnectionFailed,
                $"The connection broke while reading the server's answer: {ex.GetBaseException().Message}", ex) { RequestId = RequestIds.Of(response) };
        }
    }
}

internal static class RequestIds
{
    public static string? Of(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-request-id", out var values) ? values.FirstOrDefault() : null;
}

internal static class JsonDefaults
{
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
