namespace OpenAI.PowerShell.Async;

/// <summary>
/// Ids of one kind (Files, batches) this session has seen, newest first, for Tab completion. An id
/// that is removed is forgotten; the list is capped, as a long session sees thousands.
/// </summary>
internal sealed class RecentIds
{
    private const int Capacity = 200;
    private readonly LinkedList<string> _ids = new();
    private readonly object _gate = new();

    /// <summary>An id just made or read: it goes first.</summary>
    public void Saw(string id)
    {
        lock (_gate)
        {
            _ids.Remove(id);
            _ids.AddFirst(id);
            if (_ids.Count > Capacity)
            {
                _ids.RemoveLast();
            }
        }
    }

    /// <summary>An id from a listing, which comes newest first: it goes after those already known.</summary>
    public void Listed(string id)
    {
        lock (_gate)
        {
            if (_ids.Count < Capacity && !_ids.Contains(id))
            {
                _ids.AddLast(id);
            }
        }
    }

    public void Forget(string id)
    {
        lock (_gate)
        {
            _ids.Remove(id);
        }
    }

    public IReadOnlyList<string> Newest()
    {
        lock (_gate)
        {
            return _ids.ToList();
        }
    }
}
