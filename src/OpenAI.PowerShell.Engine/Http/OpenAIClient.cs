using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAI.PowerShell.Model;

namespace OpenAI.PowerShell.Http;

/// <summary>
/// Sends requests. Each operation gives its method, path and content; the content is produced by a
/// factory so that a retried request re-reads its source (a file range is read again, never
/// buffered whole). In order: <see cref="RetryPolicy"/> runs the tries; each try builds the request
/// afresh and passes it through the policies (<see cref="AuthPolicy"/>, then
/// <see cref="LoggingPolicy"/>) to the transport, which sends it and classifies the answer.
/// </summary>
internal sealed class OpenAIClient
{
    private readonly HttpClient _http;
    private readonly IRequestLog _log;
    private readonly RequestPolicy[] _policies;

    public OpenAIClient(ClientSettings settings, IRequestLog? log = null, RetryPolicy? retry = null, HttpClient? http = null)
    {
        SettingsResolver.EnsureSafeToSend(settings);
        Settings = settings;
        _log = log ?? NullRequestLog.Instance;
        Retry = retry ?? new RetryPolicy(settings.MaxRetries);
        _http = http ?? HttpClientPool.Get(settings);
        _policies = [new AuthPolicy(settings), new LoggingPolicy(_log)];
    }

    public ClientSettings Settings { get; }
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
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Func<HttpContent>? content, CancellationToken cancellationToken)
    {
        var uri = Resolve(path);
        return Retry.RunAsync($"{method} {uri}", async (attempt, token) =>
        {
            using var request = BuildRequest(method, uri, content);
            return await RunPolicyAsync(0, request, new TryContext(attempt, Retry.MaxRetries + 1), token).ConfigureAwait(false);
        }, _log, cancellationToken);
    }

    private Task<TryResult> RunPolicyAsync(int index, HttpRequestMessage request, TryContext context, CancellationToken cancellationToken) =>
        index < _policies.Length
            ? _policies[index].SendAsync(request, context, (r, c, t) => RunPolicyAsync(index + 1, r, c, t), cancellationToken)
            : TransportAsync(request, context, cancellationToken);

    /// <summary>Sends one try with its own timeout and classifies what came back.</summary>
    private async Task<TryResult> TransportAsync(HttpRequestMessage request, TryContext context, CancellationToken cancellationToken)
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
            var failure = ErrorMapper.FromResponse(response, error, RequestIds.Of(response), context.Attempt);
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
                $"{what} timed out after {Settings.Timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s.", ex) { Attempts = context.Attempt }, retryable: true, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            response?.Dispose();
            var reason = ConnectionFailure(ex, Settings.Proxy);
            return TryResult.Failed(new OpenAIException(ErrorIds.ConnectionFailed,
                $"{what} failed: {reason}", ex) { Attempts = context.Attempt }, retryable: true, null, reason);
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

    /// <summary>The operation's request: method, address and content. Headers are the policies' work.</summary>
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

internal static class JsonDefaults
{
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
