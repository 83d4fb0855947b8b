using System.Collections.Concurrent;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Admission;

/// <summary>An admitted digest: its verified SBOM, the rule that admitted it, and where it was seen.</summary>
public sealed record InventoryEntry(string Digest, string Image, Bom Sbom, AdmissionImageRule Rule)
{
    /// <summary>Namespaces the digest was admitted into (bounded by the cluster's namespaces).</summary>
    public ConcurrentDictionary<string, bool> Namespaces { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// The digests this replica admitted, with their attested SBOMs: what the re-check judges again when advisories
/// change. A cache like the others: a restarted replica rebuilds it from new admissions and the static list.
/// </summary>
public sealed class AdmissionInventory(int capacity = 20_000)
{
    private readonly ConcurrentDictionary<string, InventoryEntry> _entries = new(StringComparer.Ordinal);
    private volatile IReadOnlyDictionary<string, IReadOnlyList<Workload>> _workloads = new Dictionary<string, IReadOnlyList<Workload>>(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public IReadOnlyCollection<InventoryEntry> Entries => _entries.Values.ToArray();

    public bool Contains(string digest) => _entries.ContainsKey(digest);

    /// <summary>The workloads that run <paramref name="digest"/> at the last listing of the cluster's pods, sorted.</summary>
    public IReadOnlyList<Workload> WorkloadsOf(string digest) => _workloads.TryGetValue(digest, out IReadOnlyList<Workload>? workloads) ? workloads : [];

    /// <summary>Replaces what runs each digest with a new listing of the cluster's pods.</summary>
    public void SetWorkloads(IReadOnlyDictionary<string, IReadOnlyList<Workload>> workloads) => _workloads = workloads;

    public void Add(InventoryEntry entry, string? @namespace)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (_entries.Count >= capacity && !_entries.ContainsKey(entry.Digest))
        {
            return;
        }

        InventoryEntry stored = _entries.GetOrAdd(entry.Digest, entry);
        if (@namespace is not null)
        {
            stored.Namespaces.TryAdd(@namespace, true);
        }
    }
}
