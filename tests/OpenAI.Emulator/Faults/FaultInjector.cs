namespace OpenAI.Emulator;

/// <summary>One-shot faults (FIFO) plus an optional seeded random mix. Thread-safe.</summary>
public sealed class FaultInjector
{
    private readonly object _gate = new();
    private readonly List<Fault> _queue = [];
    private readonly Dictionary<Fault, int> _passed = new(ReferenceEqualityComparer.Instance);
    private Fault[] _randomKinds = [];
    private double _randomFraction;
    private Random? _random;
    private int _injected;

    /// <summary>Queues a one-shot fault; the first request it matches consumes it.</summary>
    public void Enqueue(Fault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (_gate)
        {
            _queue.Add(fault);
        }
    }

    /// <summary>
    /// From now on a <paramref name="fraction"/> of the requests that match any of the kinds get
    /// a fault; which draw hits and which kind it gets follow from <paramref name="seed"/>.
    /// </summary>
    public void SetRandom(double fraction, int seed, params Fault[] kinds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fraction, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 1.0);
        ArgumentNullException.ThrowIfNull(kinds);
        lock (_gate)
        {
            _randomFraction = fraction;
            _randomKinds = kinds.ToArray();
            _random = new Random(seed);
        }
    }

    public void ClearRandom()
    {
        lock (_gate)
        {
            _randomKinds = [];
            _random = null;
        }
    }

    /// <summary>How many faults fired so far.</summary>
    public int Injected => Volatile.Read(ref _injected);

    /// <summary>Number of one-shot faults not yet consumed.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Drops queued and random faults and resets Injected.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _injected = 0;
            _queue.Clear();
            _passed.Clear();
            _randomKinds = [];
            _random = null;
        }
    }

    internal Fault? Take(string method, string path)
    {
        lock (_gate)
        {
            var index = _queue.FindIndex(f => f.Matches(method, path) && !LetThrough(f));
            if (index >= 0)
            {
                var fault = _queue[index];
                _passed.Remove(fault);
                _queue.RemoveAt(index);
                _injected++;
                return fault;
            }

            if (_random is null)
            {
                return null;
            }

            var candidates = Array.FindAll(_randomKinds, f => f.Matches(method, path));
            if (candidates.Length == 0 || _random.NextDouble() >= _randomFraction)
            {
                return null;
            }

            _injected++;
            return candidates[_random.Next(candidates.Length)];
        }
    }

    // Counts a match against a fault's SkipMatches; true while the request should pass untouched.
    private bool LetThrough(Fault fault)
    {
        if (fault.SkipMatches <= 0)
        {
            return false;
        }
        _passed.TryGetValue(fault, out var passed);
        if (passed >= fault.SkipMatches)
        {
            return false;
        }
        _passed[fault] = passed + 1;
        return true;
    }
}
