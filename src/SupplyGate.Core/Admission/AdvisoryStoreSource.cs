using System.Globalization;
using SupplyGate.Core.Advisories;

namespace SupplyGate.Core.Admission;

/// <summary>
/// The advisory store a long-running host judges with, and its version: the store's built-at time plus the file's
/// size and modification time. <c>db update</c> replaces the file atomically, so a new version appears as a new
/// stamp; <see cref="Refresh"/> then reopens it. Judgement is cached by this version, so a new store never
/// reuses an old verdict. Reads are serialized: one SQLite connection is not used by two threads at once.
/// </summary>
public sealed class AdvisoryStoreSource : IDisposable
{
    private readonly string? _path;
    private readonly Func<IAdvisoryStore> _open;
    private readonly Lock _lock = new();
    private IAdvisoryStore _store;
    private string _stamp;

    /// <param name="path">The store file to watch; null for a store that never changes (the built-in sample).</param>
    /// <param name="open">Opens the store (again).</param>
    public AdvisoryStoreSource(string? path, Func<IAdvisoryStore> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        _path = path;
        _open = open;
        _store = open();
        _stamp = Stamp();
        Version = VersionOf(_store, _stamp);
    }

    /// <summary>Changes exactly when the store's content may have changed.</summary>
    public string Version { get; private set; }

    public StoreInfo Info
    {
        get
        {
            lock (_lock)
            {
                return _store.Info;
            }
        }
    }

    /// <summary>Reopens the store when its file changed; true when the version changed.</summary>
    public bool Refresh()
    {
        string stamp = Stamp();
        lock (_lock)
        {
            if (stamp == _stamp)
            {
                return false;
            }

            IAdvisoryStore reopened = _open();
            _store.Dispose();
            _store = reopened;
            _stamp = stamp;
            string previous = Version;
            Version = VersionOf(reopened, stamp);
            return previous != Version;
        }
    }

    /// <summary>Runs <paramref name="read"/> with the current store and its version, alone.</summary>
    public T Use<T>(Func<IAdvisoryStore, string, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        lock (_lock)
        {
            return read(_store, Version);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _store.Dispose();
        }
    }

    private string Stamp()
    {
        if (_path is null)
        {
            return string.Empty;
        }

        var file = new FileInfo(_path);
        return file.Exists ? string.Create(CultureInfo.InvariantCulture, $"{file.Length}:{file.LastWriteTimeUtc.Ticks}") : "missing";
    }

    private static string VersionOf(IAdvisoryStore store, string stamp) =>
        string.Create(CultureInfo.InvariantCulture, $"{store.Info.BuiltAt.UtcTicks}:{store.Info.AdvisoryCount}:{stamp}");
}
