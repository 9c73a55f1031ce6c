namespace OpenAI.PowerShell.Http;

/// <summary>
/// The context Set-OAIContext writes. One store belongs to one import of the module in one
/// session, so Remove-Module forgets it and two runspaces do not share a key.
/// </summary>
internal sealed class SessionContextStore
{
    private readonly object _gate = new();
    private SessionContext _current = new();

    public SessionContext Current
    {
        get { lock (_gate) return _current; }
    }

    public void Update(Action<SessionContext> change)
    {
        lock (_gate)
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

    public void Reset()
    {
        lock (_gate)
        {
            _current = new SessionContext();
        }
    }
}
