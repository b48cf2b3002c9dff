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

    private sealed record Entry(string Key, Lazy<T> Value);
}
