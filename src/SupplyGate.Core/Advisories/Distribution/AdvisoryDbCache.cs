using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using SupplyGate.Core.IO;

namespace SupplyGate.Core.Advisories.Distribution;

/// <summary>
/// What <c>db update</c> remembers about the store it installed, next to it (<c>&lt;store&gt;.source.json</c>):
/// the source, the manifest digest (OCI) or ETag (URL), and the store's own digest, so an unchanged store is
/// not downloaded again (prior art, docs/architecture.md §6: every avoided download is one less against a rate limit).
/// </summary>
public sealed record AdvisoryDbCacheEntry
{
    /// <summary>The source the store came from, as configured.</summary>
    [JsonPropertyName("source")]
    public required string Source { get; init; }

    /// <summary>The artifact's manifest digest, for OCI sources.</summary>
    [JsonPropertyName("manifestDigest")]
    public string? ManifestDigest { get; init; }

    /// <summary>The response's ETag, for URL sources (sent back as If-None-Match).</summary>
    [JsonPropertyName("etag")]
    public string? ETag { get; init; }

    /// <summary>The digest of the installed SQLite file.</summary>
    [JsonPropertyName("storeDigest")]
    public required string StoreDigest { get; init; }

    [JsonPropertyName("updatedAt")]
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>Reads and writes <see cref="AdvisoryDbCacheEntry"/> next to a store.</summary>
public static class AdvisoryDbCache
{
    public static string PathFor(string storePath) => Path.GetFullPath(storePath) + ".source.json";

    /// <summary>
    /// The entry for the store at <paramref name="storePath"/>, or null when there is none, it is unreadable, or
    /// the store is no longer the file it describes (replaced by <c>db import</c>, deleted): hashing the store
    /// costs a second or so for a large one, far less than downloading it again for nothing, or keeping a stale one.
    /// </summary>
    public static async Task<AdvisoryDbCacheEntry?> ReadAsync(string storePath, CancellationToken cancellationToken)
    {
        string metadata = PathFor(storePath);
        if (!File.Exists(metadata) || !File.Exists(storePath))
        {
            return null;
        }

        AdvisoryDbCacheEntry? entry;
        try
        {
            entry = JsonSerializer.Deserialize(await File.ReadAllBytesAsync(metadata, cancellationToken).ConfigureAwait(false), AdvisoryDbCacheJsonContext.Default.AdvisoryDbCacheEntry);
        }
        catch (JsonException)
        {
            return null;
        }

        if (entry is null)
        {
            return null;
        }

        var store = new FileStream(storePath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        await using (store.ConfigureAwait(false))
        {
            string actual = "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(store, cancellationToken).ConfigureAwait(false));
            return actual == entry.StoreDigest ? entry : null;
        }
    }

    public static void Write(string storePath, AdvisoryDbCacheEntry entry) =>
        AtomicFile.WriteAllBytes(PathFor(storePath), JsonSerializer.SerializeToUtf8Bytes(entry, AdvisoryDbCacheJsonContext.Default.AdvisoryDbCacheEntry));
}

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AdvisoryDbCacheEntry))]
internal sealed partial class AdvisoryDbCacheJsonContext : JsonSerializerContext;
