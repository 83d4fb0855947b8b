using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupplyGate.Core.Inventory.ClientLibraries;

/// <summary>What content recognition concluded about one script, kept between builds.</summary>
internal sealed record CachedFile(
    string Path,
    long Length,
    long LastWriteTicks,
    string? NpmName,
    string? Version,
    string? CatalogName,
    string? Sha256,
    IReadOnlyList<IdentificationMethod>? Methods,
    string? BannerLicense,
    string? KnownLicense);

internal sealed record CachedScan(string Catalog, IReadOnlyList<CachedFile> Files);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CachedScan))]
internal sealed partial class ScanCacheJsonContext : JsonSerializerContext;

/// <summary>
/// The per-file results of the last client-library scan of one publish output, keyed by path, size and last
/// write time, so a rebuild reads, hashes and matches only the scripts that changed, and loads no catalog when
/// none did. Bound to the catalog that produced the results (the Core assembly's build for the bundled one): a
/// new SupplyGate or catalog starts afresh. The file is a build cache: unreadable or foreign content is ignored,
/// and a failure to write it never fails the scan.
/// </summary>
public sealed class ScanCache
{
    private readonly string? _path;
    private readonly string _catalog;
    private readonly Dictionary<string, CachedFile> _previous;
    private readonly Dictionary<string, CachedFile> _current = new(StringComparer.Ordinal);
    private bool _changed;

    private ScanCache(string? path, string catalog, Dictionary<string, CachedFile> previous)
    {
        _path = path;
        _catalog = catalog;
        _previous = previous;
    }

    /// <summary>The identity of the bundled catalog and of the code that applies it.</summary>
    public static string BundledCatalog { get; } = typeof(ScanCache).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    /// <summary>Opens the cache at <paramref name="path"/> (absent, unreadable or for another catalog: empty).</summary>
    public static ScanCache Open(string path, string catalog)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(catalog);
        var previous = new Dictionary<string, CachedFile>(StringComparer.Ordinal);
        try
        {
            if (File.Exists(path))
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
                CachedScan? scan = JsonSerializer.Deserialize(stream, ScanCacheJsonContext.Default.CachedScan);
                if (scan is not null && string.Equals(scan.Catalog, catalog, StringComparison.Ordinal))
                {
                    foreach (CachedFile file in scan.Files ?? [])
                    {
                        if (file?.Path is { } key)
                        {
                            previous[key] = file;
                        }
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            previous.Clear();
        }

        return new ScanCache(path, catalog, previous);
    }

    /// <summary>A cache that remembers nothing between scans.</summary>
    public static ScanCache None { get; } = new(null, "none", new Dictionary<string, CachedFile>(StringComparer.Ordinal));

    internal bool TryGet(StaticFile file, out CachedFile? found)
    {
        found = null;
        if (_path is null || file.LastWriteTicks is not { } ticks || !_previous.TryGetValue(file.Path, out CachedFile? entry)
            || entry.Length != file.Length || entry.LastWriteTicks != ticks)
        {
            return false;
        }

        _current[file.Path] = entry;
        found = entry;
        return true;
    }

    internal void Put(StaticFile file, CachedFile entry)
    {
        if (_path is null || file.LastWriteTicks is null)
        {
            return;
        }

        _current[file.Path] = entry;
        _changed = true;
    }

    /// <summary>Writes the results of this scan (only the files it met) when anything differs from what was read.</summary>
    public void Save()
    {
        if (_path is null || (!_changed && _current.Count == _previous.Count))
        {
            return;
        }

        string temporary = $"{_path}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_path))!);
            var scan = new CachedScan(_catalog, [.. _current.Values.OrderBy(f => f.Path, StringComparer.Ordinal)]);
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(stream, scan, ScanCacheJsonContext.Default.CachedScan);
            }

            // No flush to disk: a torn cache after a crash is unreadable, hence ignored, which only costs a rescan.
            File.Move(temporary, _path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // Nothing more to do: the cache is only an optimisation.
            }
        }
    }
}
