namespace OpenAI.Emulator;

/// <summary>One multipart field as the emulator received it; <see cref="Value"/> is the text of a short text field.</summary>
public sealed record RecordedFormPart(string Name, string? FileName, string? ContentType, long Length, string? Value = null);

/// <summary>
/// One request as seen by the emulator. Status is 0 when the emulator aborted the connection
/// (an abort fault) or the client went away before a response started. Path is the path as sent
/// (/openai/v1/... for an Azure request); Auth is the credential form it presented, never the secret.
/// </summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    int Status,
    IReadOnlyDictionary<string, string> Headers,
    long BodyBytes,
    IReadOnlyList<RecordedFormPart> FormParts,
    string? JsonBody,
    string Query = "",
    RequestAuth Auth = RequestAuth.None);

/// <summary>Thread-safe log of every request, in the order responses started.</summary>
public sealed class RequestLog
{
    private readonly object _gate = new();
    private readonly List<RecordedRequest> _entries = [];

    public IReadOnlyList<RecordedRequest> All
    {
        get
        {
            lock (_gate)
            {
                return _entries.ToArray();
            }
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    /// <summary>Requests with this method (case-insensitive) whose path contains the text.</summary>
    public int Count(string method, string pathContains)
    {
        lock (_gate)
        {
            return _entries.Count(e =>
                string.Equals(e.Method, method, StringComparison.OrdinalIgnoreCase) &&
                e.Path.Contains(pathContains, StringComparison.Ordinal));
        }
    }

    internal void Add(RecordedRequest entry)
    {
        lock (_gate)
        {
            _entries.Add(entry);
        }
    }
}
