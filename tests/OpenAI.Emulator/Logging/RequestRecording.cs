namespace OpenAI.Emulator.Logging;

/// <summary>
/// Per-request collector stored as an HttpContext feature. It is committed to the log when the
/// response starts (so a client never sees a response before its log entry) or, failing that,
/// when the pipeline ends.
/// </summary>
internal sealed class RequestRecording
{
    private static readonly HashSet<string> Redacted =
        new(["Authorization", "api-key", "Proxy-Authorization"], StringComparer.OrdinalIgnoreCase);

    private readonly object _gate = new();
    private readonly List<RecordedFormPart> _formParts = [];
    private readonly string _method;
    private readonly string _path;
    private readonly string _query;
    private readonly Dictionary<string, string> _headers;
    private string? _jsonBody;
    private long _bodyBytes;
    private int _committed;

    public RequestRecording(HttpContext ctx)
    {
        _method = ctx.Request.Method;
        _path = ctx.Request.Path.Value ?? "/";
        _query = ctx.Request.QueryString.Value ?? "";
        _headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in ctx.Request.Headers)
        {
            _headers[name] = Redacted.Contains(name) ? "[redacted]" : values.ToString();
        }
    }

    /// <summary>The credential form the request presented (its value is never kept).</summary>
    public RequestAuth Auth { get; set; }

    /// <summary>Set when the emulator aborts this request on purpose; recorded as status 0.</summary>
    public bool Aborted { get; set; }

    public void AddBodyBytes(int count) => Interlocked.Add(ref _bodyBytes, count);

    public void AddFormPart(RecordedFormPart part)
    {
        lock (_gate)
        {
            _formParts.Add(part);
        }
    }

    public void SetJsonBody(string json)
    {
        lock (_gate)
        {
            _jsonBody = json;
        }
    }

    /// <summary>Adds the entry once; later calls do nothing.</summary>
    public void Commit(RequestLog log, int status)
    {
        if (Interlocked.Exchange(ref _committed, 1) != 0)
        {
            return;
        }

        lock (_gate)
        {
            log.Add(new RecordedRequest(
                _method,
                _path,
                Aborted ? 0 : status,
                _headers,
                Interlocked.Read(ref _bodyBytes),
                _formParts.ToArray(),
                _jsonBody,
                _query,
                Auth));
        }
    }
}
