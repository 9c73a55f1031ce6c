namespace OpenAI.PowerShell.Http;

/// <summary>
/// The context Set-OAIContext writes. It is process-wide, so runspaces started from the
/// session (ForEach-Object -Parallel, jobs in process) see the same settings.
/// </summary>
public static class SessionContextStore
{
    private static readonly object Gate = new();
    private static SessionContext _current = new();

    public static SessionContext Current
    {
        get { lock (Gate) return _current; }
    }

    public static void Update(Action<SessionContext> change)
    {
        lock (Gate)
        {
            var copy = new SessionContext
            {
                ApiKey = _current.ApiKey, BaseUri = _current.BaseUri, Organization = _current.Organization,
                Project = _current.Project, MaxRetries = _current.MaxRetries, Timeout = _current.Timeout,
                Proxy = _current.Proxy, ProxyCredential = _current.ProxyCredential,
            };
            change(copy);
            _current = copy;
        }
    }

    public static void Reset()
    {
        lock (Gate)
        {
            _current = new SessionContext();
        }
    }
}
