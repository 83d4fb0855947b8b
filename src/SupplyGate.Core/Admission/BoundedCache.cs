using System.Collections.Concurrent;

namespace SupplyGate.Core.Admission;

/// <summary>
/// A concurrent cache with a size bound: past <see cref="Capacity"/> entries, the oldest tenth is dropped. Entries
/// may expire (tag resolutions); verification and judgement entries do not, since their keys include everything
/// that could change their value.
/// </summary>
public sealed class BoundedCache<TKey, TValue>(int capacity, TimeProvider time)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, (TValue Value, long Added, DateTimeOffset? Expires)> _entries = new();
    private long _sequence;

    public int Capacity { get; } = capacity;

    public int Count => _entries.Count;

    public bool TryGet(TKey key, out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry) && (entry.Expires is not { } expires || time.GetUtcNow() < expires))
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    public void Set(TKey key, TValue value, TimeSpan? lifetime = null)
    {
        _entries[key] = (value, Interlocked.Increment(ref _sequence), lifetime is { } l ? time.GetUtcNow() + l : null);
        if (_entries.Count > Capacity)
        {
            foreach (TKey old in _entries.OrderBy(e => e.Value.Added).Take(Math.Max(1, Capacity / 10)).Select(e => e.Key).ToArray())
            {
                _entries.TryRemove(old, out _);
            }
        }
    }

    public void Clear() => _entries.Clear();
}
