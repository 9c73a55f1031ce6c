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
            var copy = _current.Clone();
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
