namespace Inrr.MLNet.Internal;

/// <summary>
/// Remembers the last <c>capacity</c> results by key (least recently used goes first). A key being computed is
/// shared: a second reader of the same row waits for the first fit instead of starting another one, which matters
/// because ML.NET may read one row from several cursors and threads. A failed computation is forgotten, so it is
/// tried again on the next read.
/// </summary>
internal sealed class ResultCache<T> where T : class
{
    private readonly object _lock = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recentFirst = new();

    public T GetOrAdd(string key, int capacity, Func<T> compute, out bool reused)
    {
        if (capacity <= 0)
        {
            reused = false;
            return compute();
        }

        Lazy<T> lazy;
        bool created = false;
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recentFirst.Remove(node);
                _recentFirst.AddFirst(node);
                lazy = node.Value.Value;
            }
            else
            {
                lazy = new Lazy<T>(compute, LazyThreadSafetyMode.ExecutionAndPublication);
                _entries[key] = _recentFirst.AddFirst(new Entry(key, lazy));
                created = true;
                while (_entries.Count > capacity)
                {
                    var oldest = _recentFirst.Last!;
                    _recentFirst.RemoveLast();
                    _entries.Remove(oldest.Value.Key);
                }
            }
        }

        try
        {
            var value = lazy.Value;
            reused = !created;
            return value;
        }
        catch
        {
            lock (_lock)
            {
                if (_entries.TryGetValue(key, out var node) && ReferenceEquals(node.Value.Value, lazy))
                {
                    _recentFirst.Remove(node);
                    _entries.Remove(key);
                }
            }
            throw;
        }
    }

    /// <summary>
    /// Adds <paramref name="compute"/> under <paramref name="key"/> unless the key is there already (then false), without
    /// running it: the first reader runs it (a row of a batched fit waits there for its batch).
    /// </summary>
    public bool TryAdd(string key, int capacity, Func<T> compute)
    {
        if (capacity <= 0) return false;
        lock (_lock)
        {
            if (_entries.ContainsKey(key)) return false;
            _entries[key] = _recentFirst.AddFirst(new Entry(key, new Lazy<T>(compute, LazyThreadSafetyMode.ExecutionAndPublication)));
            while (_entries.Count > capacity)
            {
                var oldest = _recentFirst.Last!;
                _recentFirst.RemoveLast();
                _entries.Remove(oldest.Value.Key);
            }
            return true;
        }
    }

    private sealed record Entry(string Key, Lazy<T> Value);
}
