using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Http;

/// <summary>
/// Sends requests with auth, retry and error mapping. Content is produced by a factory so that a
/// retried request re-reads its source (a file range is read again, never buffered whole).
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
    public RetryPolicy Retry { get; }

    public async Task<T> SendJsonAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        Func<HttpContent>? content = body is null ? null : () => JsonContent.Create(body, body.GetType(), options: JsonDefaults.Options);
        using var response = await SendAsync(method, path, content, cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync<T>(response, cancellationToken).ConfigureAwait(false);
    }

    public async Task<T> SendForJsonAsync<T>(HttpMethod method, string path, Func<HttpContent>? content, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, content, cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync<T>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends with retries and returns a successful response whose body has not been read yet
    /// (for streams). The caller disposes it. Each try builds its request afresh (headers and auth
    /// per try, content from its factory); the retry policy decides what happens between tries.
    /// </summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Func<HttpContent>? content, CancellationToken cancellationToken)
    {
        var uri = Resolve(path);
        return Retry.RunAsync($"{method} {uri}", (attempt, token) => TryOnceAsync(method, uri, content, attempt, token), _log, cancellationToken);
    }

    /// <summary>One try: build the request, send it, and classify what came back.</summary>
    private async Task<TryResult> TryOnceAsync(HttpMethod method, Uri uri, Func<HttpContent>? content, int attempt, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attemptTimeout.CancelAfter(Settings.Timeout);
        HttpResponseMessage? response = null;
        try
        {
            using var request = BuildRequest(method, uri, content);
            LogHeaders(request);
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attemptTimeout.Token).ConfigureAwait(false);
            var requestId = RequestId(response);
            _log.Verbose($"{method} {uri} -> {(int)response.StatusCode} request {requestId ?? "-"} attempt {attempt}/{Retry.MaxRetries + 1} in {started.ElapsedMilliseconds} ms");
            if (response.IsSuccessStatusCode)
            {
                return TryResult.Success(response);
            }
            var body = await ReadBodyAsync(response, attemptTimeout.Token).ConfigureAwait(false);
            var error = ErrorMapper.ParseBody(body);
            var failure = ErrorMapper.FromResponse(response, error, requestId, attempt);
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
            _log.Verbose($"{method} {uri} timed out after {started.ElapsedMilliseconds} ms, attempt {attempt}/{Retry.MaxRetries + 1}");
            return TryResult.Failed(new OpenAIException(ErrorIds.RequestTimeout,
                $"{method} {uri} timed out after {Settings.Timeout.TotalSeconds:0.#} s.", ex) { Attempts = attempt }, retryable: true, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            response?.Dispose();
            var reason = ConnectionFailure(ex, Settings.Proxy);
            _log.Verbose($"{method} {uri} failed to connect or was cut off ({reason}), attempt {attempt}/{Retry.MaxRetries + 1}");
            return TryResult.Failed(new OpenAIException(ErrorIds.ConnectionFailed,
                $"{method} {uri} failed: {reason}", ex) { Attempts = attempt }, retryable: true, null);
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
        return new Uri(Settings.BaseUri.AbsoluteUri.TrimEnd('/') + "/" + path.TrimStart('/'));
    }

    private HttpRequestMessage BuildRequest(HttpMethod method, Uri uri, Func<HttpContent>? content)
    {
        var request = new HttpRequestMessage(method, uri);
        var key = Settings.ApiKey!.Reveal();
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

    private void LogHeaders(HttpRequestMessage request)
    {
        var lines = request.Headers.Select(h => $"{h.Key}: {Redact(h.Key, string.Join(", ", h.Value))}");
        _log.Debug($"{request.Method} {request.RequestUri} headers: {string.Join("; ", lines)}");
    }

    internal static string Redact(string header, string value) =>
        header.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || header.Equals("api-key", StringComparison.OrdinalIgnoreCase)
            ? "[redacted]"
            : value;

    internal static string? RequestId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-request-id", out var values) ? values.FirstOrDefault() : null;

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
#if NET
        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
#else
        cancellationToken.ThrowIfCancellationRequested();
        return await response.Content.ReadAsStringAsync().ConfigureAwait(false);
#endif
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
                $"The server's answer could not be read: {ex.Message}", ex) { RequestId = RequestId(response) };
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            // The request was handled but its answer was cut off; resending could repeat it, so report it.
            throw new OpenAIException(ErrorIds.ConnectionFailed,
                $"The connection broke while reading the server's answer: {ex.GetBaseException().Message}", ex) { RequestId = RequestId(response) };
        }
    }
}

internal static class JsonDefaults
{
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
