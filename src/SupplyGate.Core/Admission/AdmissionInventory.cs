using System.Collections.Concurrent;
using System.IO.Compression;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Admission;

/// <summary>An admitted digest: its verified SBOM, the rule that admitted it, and where it was seen.</summary>
public sealed class InventoryEntry(string digest, string image, CompactBom sbom, AdmissionImageRule rule)
{
    public InventoryEntry(string digest, string image, Bom sbom, AdmissionImageRule rule)
        : this(digest, image, new CompactBom(sbom, digest), rule)
    {
    }

    public string Digest { get; } = digest;

    public string Image { get; } = image;

    public AdmissionImageRule Rule { get; } = rule;

    public CompactBom Stored { get; } = sbom;

    public Bom Sbom => Stored.Bom;

    /// <summary>Namespaces the digest was admitted into (bounded by the cluster's namespaces).</summary>
    public ConcurrentDictionary<string, bool> Namespaces { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// A verified SBOM as the service keeps it: Brotli-compressed CycloneDX JSON (about a tenth of the object graph),
/// parsed again when a judgement needs it; the parsed copy lives only as long as the garbage collector leaves it.
/// So 10,000 admitted digests fit the service's memory budget (build/bench/recheck.sh).
/// </summary>
public sealed class CompactBom
{
    private readonly byte[] _json;
    private readonly WeakReference<Bom> _parsed;
    private readonly string _name;

    /// <param name="bom">The SBOM.</param>
    /// <param name="name">What it describes (a digest), for the message should the stored bytes ever fail to parse.</param>
    public CompactBom(Bom bom, string name)
    {
        ArgumentNullException.ThrowIfNull(bom);
        _name = name;
        using var output = new MemoryStream();
        using (var brotli = new BrotliStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            CycloneDxWriter.Write(bom, brotli);
        }

        _json = output.ToArray();
        _parsed = new WeakReference<Bom>(bom);
    }

    /// <summary>Bytes the stored SBOM takes.</summary>
    public int StoredBytes => _json.Length;

    public Bom Bom
    {
        get
        {
            if (_parsed.TryGetTarget(out Bom? bom))
            {
                return bom;
            }

            using var input = new BrotliStream(new MemoryStream(_json, writable: false), CompressionMode.Decompress);
            bom = CycloneDxReader.Read(input, $"the stored SBOM of {_name}");
            _parsed.SetTarget(bom);
            return bom;
        }
    }
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
